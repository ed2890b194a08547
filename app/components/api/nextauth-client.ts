import { isRecord, isUser } from "./guards";
import { createLoggedFetch, succeeded, toResult, type RawResponse } from "./http";
import { cookieInspection } from "./inspection";
import { createResourceClient } from "./resource-client";
import type { ApiResult, ApproachClient, User } from "./types";

const AUTH = "/api/auth";
const BASE = "/api/nextauth";

const SESSION_COOKIE = "next-auth.session-token";
// The other half of the CSRF token (a double submit): the token goes in the body.
const CSRF_COOKIE = "next-auth.csrf-token";
// The password is the credential here, with the CSRF pair; a session cookie still held goes
// along, and the sign-in ends that session (revokeOnSignIn).
const SIGN_IN = { credential: "Username, password and CSRF token, in the body", cookies: [CSRF_COOKIE, SESSION_COOKIE] };
const SIGN_OUT = { credential: "CSRF token, in the body", cookies: [SESSION_COOKIE, CSRF_COOKIE] };

const parseCsrf = (body: unknown) => (isRecord(body) && typeof body.csrfToken === "string" ? body.csrfToken : null);

const WRONG_CREDENTIALS = { title: "Unauthorized", status: 401, detail: "Invalid username or password." };
// What the app's own routes say about a 500 (lib/http.ts): next-auth answers 401, but nothing was wrong with the credentials.
const SIGN_IN_FAILED = { title: "Sign-in failed", status: 401, detail: "Something went wrong on our side." };

/** Where next-auth would have redirected the browser: `json: "true"` turns that into `{url}`. */
function redirectUrl(body: unknown): URL | null {
  if (!isRecord(body) || typeof body.url !== "string") return null;
  try {
    return new URL(body.url, window.location.origin);
  } catch {
    return null;
  }
}

/**
 * Reads next-auth's answer to a sign-in or sign-out post. Success leads on to the callback
 * URL. A refused sign-in leads to `/api/auth/error?error=…` (mostly with 401); a failed CSRF
 * check leads back to next-auth's own page (`/api/auth/signout?csrf=true`) with 200, having
 * changed nothing, so the status alone cannot tell success from failure.
 */
function nextAuthAnswer(raw: RawResponse, page: "signin" | "signout"): ApiResult<null> {
  const url = redirectUrl(raw.body);
  // Not next-auth's answer: a network error, or a problem from the route around it (413, 503).
  if (!url) return toResult(raw, () => null);
  const { status, request } = raw;
  const error = url.searchParams.get("error");
  if (error === "CredentialsSignin") return { ok: false, status, request, problem: WRONG_CREDENTIALS };
  if (error === "SignInFailed") return { ok: false, status, request, problem: SIGN_IN_FAILED }; // see lib/auth/nextauth/session.ts
  if (error !== null) return { ok: false, status, request, problem: { title: "Sign-in refused", status, detail: error } };
  if (url.pathname === `${AUTH}/${page}`) {
    const detail = `next-auth did not accept the CSRF token and sent the browser back to its ${page} page: nothing changed.`;
    return { ok: false, status, request, problem: { title: "CSRF check failed", status, detail } };
  }
  return { ok: true, status, request, data: null };
}

/**
 * next-auth from a browser's side, without next-auth's own client: its endpoints are
 * plain HTTP. Signing in and out are POSTs that carry a CSRF token fetched first (a
 * double-submit check against an HttpOnly cookie); `json: "true"` asks for JSON instead
 * of a redirect. The session itself is an encrypted JWT in an HttpOnly cookie.
 */
export function createNextAuthClient(): ApproachClient {
  const http = createLoggedFetch();
  const withCookie = { cookies: [SESSION_COOKIE] };
  const api = createResourceClient((method, path, json) => http.send(method, path, { ...withCookie, json }), BASE);
  let restoring: Promise<ApiResult<User | null>> | null = null;

  async function csrfToken(): Promise<ApiResult<string>> {
    const raw = await http.send("GET", `${AUTH}/csrf`, { cookies: [CSRF_COOKIE], note: "next-auth wants a CSRF token first" });
    return toResult(raw, parseCsrf);
  }

  async function logout(): Promise<ApiResult<null>> {
    const csrf = await csrfToken();
    if (!csrf.ok) return csrf;
    const raw = await http.send("POST", `${AUTH}/signout`, { ...SIGN_OUT, json: { csrfToken: csrf.data, json: "true" } });
    return nextAuthAnswer(raw, "signout");
  }

  return {
    ...api,

    restore() {
      // /api/auth/session is the one read that also rolls the cookie's expiry forward.
      restoring ??= http
        .send("GET", `${AUTH}/session`, { ...withCookie, note: "page load: is there a session? (rolls its expiry)" })
        // 200 with no user in it: nobody is signed in. Anything else: it could not tell.
        .then((raw): ApiResult<User | null> => {
          if (raw.status !== 200) return toResult(raw, () => null);
          return succeeded(raw, isRecord(raw.body) && isUser(raw.body.user) ? raw.body.user : null);
        })
        .finally(() => {
          restoring = null;
        });
      return restoring;
    },

    async login(username, password) {
      // Without a token next-auth would refuse the post anyway: do not send the password for nothing.
      const csrf = await csrfToken();
      if (!csrf.ok) return csrf;
      const raw = await http.send("POST", `${AUTH}/callback/credentials`, {
        ...SIGN_IN,
        json: { username, password, csrfToken: csrf.data, json: "true" },
      });
      const answer = nextAuthAnswer(raw, "signin");
      if (!answer.ok) return answer;
      const result = await api.me();
      // The column will say "not signed in": sign out, so that the server says so too.
      if (!result.ok) await logout();
      return result;
    },

    logout,

    credentialSummary: () => "Session cookie: an encrypted JWT, HttpOnly, so this page's script cannot see it",
    inspection: cookieInspection(http, BASE, withCookie),
    subscribe: http.subscribe,
    getLog: http.getLog,
  };
}
