import { isRecord, isUser } from "./guards";
import { createLoggedFetch, toEmptyResult, toResult, type RawResponse } from "./http";
import { cookieInspection } from "./inspection";
import { createResourceClient } from "./resource-client";
import type { ApproachClient, User } from "./types";

const AUTH = "/api/auth";
const BASE = "/api/nextauth";

const SESSION_COOKIE = "Cookie next-auth.session-token (HttpOnly, attached by the browser — script cannot read it)";
const CSRF_COOKIE = "Cookie next-auth.csrf-token (HttpOnly): the other half of the CSRF token";
const NO_CREDENTIAL = "None — username, password and CSRF token go in the body";

const parseCsrf = (body: unknown) => (isRecord(body) && typeof body.csrfToken === "string" ? body.csrfToken : null);

const WRONG_CREDENTIALS = { title: "Unauthorized", status: 401, detail: "Invalid username or password." };

/**
 * next-auth from a browser's side, without next-auth's own client: its endpoints are
 * plain HTTP. Signing in and out are POSTs that carry a CSRF token fetched first (a
 * double-submit check against an HttpOnly cookie); `json: "true"` asks for JSON instead
 * of a redirect. The session itself is an encrypted JWT in an HttpOnly cookie.
 */
export function createNextAuthClient(): ApproachClient {
  const http = createLoggedFetch();
  const withCookie = { credential: SESSION_COOKIE };
  const api = createResourceClient((method, path, json) => http.send(method, path, { ...withCookie, json }), BASE);
  let restoring: Promise<User | null> | null = null;

  async function csrfToken(): Promise<string | null> {
    const raw = await http.send("GET", `${AUTH}/csrf`, { credential: CSRF_COOKIE, note: "next-auth wants a CSRF token first" });
    return toResult(raw, parseCsrf).ok ? parseCsrf(raw.body) : null;
  }

  return {
    ...api,

    restore() {
      // /api/auth/session is the one read that also rolls the cookie's expiry forward.
      restoring ??= http
        .send("GET", `${AUTH}/session`, { ...withCookie, note: "page load: is there a session? (rolls its expiry)" })
        .then((raw) => (isRecord(raw.body) && isUser(raw.body.user) ? raw.body.user : null))
        .finally(() => {
          restoring = null;
        });
      return restoring;
    },

    async login(username, password) {
      const token = await csrfToken();
      const raw: RawResponse = await http.send("POST", `${AUTH}/callback/credentials`, {
        credential: NO_CREDENTIAL,
        json: { username, password, csrfToken: token ?? "", json: "true" },
      });
      if (raw.status === 401) return { ok: false, status: 401, request: raw.request, problem: WRONG_CREDENTIALS };
      if (raw.status !== 200) return toResult<User>(raw, () => null);
      return api.me();
    },

    async logout() {
      const token = await csrfToken();
      return toEmptyResult(await http.send("POST", `${AUTH}/signout`, { ...withCookie, json: { csrfToken: token ?? "", json: "true" } }));
    },

    credentialSummary: () => "Session cookie: an encrypted JWT, HttpOnly, so this page's script cannot see it",
    inspection: cookieInspection(http, BASE, SESSION_COOKIE),
    subscribe: http.subscribe,
    getLog: http.getLog,
  };
}
