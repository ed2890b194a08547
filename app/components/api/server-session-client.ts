import { createCookieSignIn } from "./cookie-sign-in";
import { isSessionInfo, listField } from "./guards";
import { createLoggedFetch, toEmptyResult, toResult } from "./http";
import { cookieInspection } from "./inspection";
import { createResourceClient } from "./resource-client";
import type { ApiResult, ApproachClient, SessionInfo } from "./types";

const BASE = "/api/server-session";

const WITH_COOKIE = { cookies: ["session-lab.sid"] };

const parseSessions = listField("sessions", isSessionInfo);

/**
 * The classic server-side session from a browser's side. The cookie holds an opaque id
 * and nothing else; the session (who, since when, until when) is a record on the server,
 * looked up on every request. Script never sees the cookie, so this client holds nothing.
 * Because the server keeps every session, it can also list them and end any one.
 */
export function createServerSessionClient(): ApproachClient {
  const http = createLoggedFetch();
  const signIn = createCookieSignIn(http, {
    base: BASE,
    cookie: "session-lab.sid",
    restoreNote: "page load: does the session id still find a session?",
  });
  // One request at a time: the list mounts, and React may mount it twice in development. A sign-in
  // starts afresh: a list still out then went with the last session's cookie, and lists that user's sessions.
  let listing: Promise<ApiResult<SessionInfo[]>> | null = null;

  return {
    ...signIn,
    login(username, password) {
      listing = null;
      return signIn.login(username, password);
    },
    ...createResourceClient((method, path, json) => http.send(method, path, { ...WITH_COOKIE, json }), BASE),
    credentialSummary: () => "Session id cookie: HttpOnly and opaque — only the server's store knows what it stands for",
    inspection: cookieInspection(http, BASE, WITH_COOKIE),
    sessions: {
      list() {
        if (listing) return listing;
        const asked = http
          .send("GET", `${BASE}/sessions`, WITH_COOKIE)
          .then((raw) => toResult(raw, parseSessions))
          .finally(() => {
            if (listing === asked) listing = null;
          });
        listing = asked;
        return asked;
      },
      revoke: async (id) =>
        toEmptyResult(await http.send("DELETE", `${BASE}/sessions/${encodeURIComponent(id)}`, WITH_COOKIE)),
    },
    subscribe: http.subscribe,
    getLog: http.getLog,
  };
}
