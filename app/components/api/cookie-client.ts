import { field, isNote, isUser, listField, parseAdminView, parseRevocationReport } from "./guards";
import { createLoggedFetch, toEmptyResult, toResult } from "./http";
import type { ApproachClient, User } from "./types";

const BASE = "/api/cookie";
const LAB = "/api/cookie/revocation-lab";

const SESSION_COOKIE = "Cookie (HttpOnly, attached by the browser — script cannot read it)";
const NO_CREDENTIAL = "None — username and password go in the JSON body";

const parseUser = field("user", isUser);
const parseNote = field("note", isNote);
const parseNotes = listField("notes", isNote);

/**
 * The encrypted-cookie approach from a browser's side. There is nothing to hold: the
 * sealed cookie is HttpOnly, so this code never sees it; the browser attaches it to
 * every same-site request, and the server opens it.
 */
export function createCookieClient(): ApproachClient {
  const http = createLoggedFetch();
  const withCookie = { credential: SESSION_COOKIE };
  let restoring: Promise<User | null> | null = null;

  const me = async () => toResult(await http.send("GET", `${BASE}/me`, withCookie), parseUser);

  return {
    restore() {
      restoring ??= http
        .send("GET", `${BASE}/me`, { ...withCookie, note: "page load: is a session cookie there?" })
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
    credentialSummary: () => "Session cookie: HttpOnly, so this page's script cannot see it, not even its size",
    subscribe: http.subscribe,
    getLog: http.getLog,
  };
}
