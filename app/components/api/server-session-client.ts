import { field, isNote, isSessionInfo, isUser, listField, parseAdminView, parseRevocationReport } from "./guards";
import { createLoggedFetch, toEmptyResult, toResult } from "./http";
import type { ApiResult, ApproachClient, SessionInfo, User } from "./types";

const BASE = "/api/server-session";
const LAB = "/api/server-session/revocation-lab";

const SESSION_COOKIE = "Cookie session-lab.sid (HttpOnly, an opaque id — attached by the browser, script cannot read it)";
const NO_CREDENTIAL = "None — username and password go in the JSON body";

const parseUser = field("user", isUser);
const parseNote = field("note", isNote);
const parseNotes = listField("notes", isNote);
const parseSessions = listField("sessions", isSessionInfo);

/**
 * The classic server-side session from a browser's side. The cookie holds an opaque id
 * and nothing else; the session (who, since when, until when) is a record on the server,
 * looked up on every request. Script never sees the cookie, so this client holds nothing.
 * Because the server keeps every session, it can also list them and end any one.
 */
export function createServerSessionClient(): ApproachClient {
  const http = createLoggedFetch();
  const withCookie = { credential: SESSION_COOKIE };
  let restoring: Promise<User | null> | null = null;
  // One request at a time: the list mounts, and React may mount it twice in development.
  let listing: Promise<ApiResult<SessionInfo[]>> | null = null;

  const me = async () => toResult(await http.send("GET", `${BASE}/me`, withCookie), parseUser);

  return {
    restore() {
      restoring ??= http
        .send("GET", `${BASE}/me`, { ...withCookie, note: "page load: does the session id still find a session?" })
        .then((raw) => {
          const result = toResult(raw, parseUser);
          return result.ok ? result.data : null;
        })
        .finally(() => {
          restoring = null;
        });
      return restoring;
    },
    login: async (username, password) =>
      toResult(await http.send("POST", `${BASE}/login`, { credential: NO_CREDENTIAL, json: { username, password } }), parseUser),
    logout: async () => toEmptyResult(await http.send("POST", `${BASE}/logout`, withCookie)),
    me,
    admin: async () => toResult(await http.send("GET", `${BASE}/admin`, withCookie), parseAdminView),
    listNotes: async () => toResult(await http.send("GET", `${BASE}/notes`, withCookie), parseNotes),
    addNote: async (text) => toResult(await http.send("POST", `${BASE}/notes`, { ...withCookie, json: { text } }), parseNote),
    deleteNote: async (id) => toEmptyResult(await http.send("DELETE", `${BASE}/notes/${id}`, withCookie)),
    logoutEverywhere: async () => toEmptyResult(await http.send("POST", `${BASE}/logout-everywhere`, withCookie)),
    changeRole: async (username, role) =>
      toResult(await http.send("POST", `${BASE}/admin/role`, { ...withCookie, json: { username, role } }), parseUser),
    revocationLab: async () => toResult(await http.send("POST", LAB, withCookie), parseRevocationReport),
    credentialSummary: () => "Session id cookie: HttpOnly and opaque — only the server's store knows what it stands for",
    sessions: {
      list() {
        listing ??= http
          .send("GET", `${BASE}/sessions`, withCookie)
          .then((raw) => toResult(raw, parseSessions))
          .finally(() => {
            listing = null;
          });
        return listing;
      },
      revoke: async (id) =>
        toEmptyResult(await http.send("DELETE", `${BASE}/sessions/${encodeURIComponent(id)}`, withCookie)),
    },
    subscribe: http.subscribe,
    getLog: http.getLog,
  };
}
