import { field, isNote, listField, parseAdminView, parseRevocationReport, parseUser } from "./guards";
import { toEmptyResult, toResult, type RawResponse } from "./http";
import type { ApproachClient } from "./types";

/** Sends one request with the approach's credential attached, however that approach attaches it. */
export type AuthorizedSend = (method: string, path: string, json?: unknown) => Promise<RawResponse>;

/** The calls every approach makes the same way once signed in; only how the credential goes out differs. */
export type ResourceClient = Pick<
  ApproachClient,
  "me" | "admin" | "listNotes" | "addNote" | "deleteNote" | "logoutEverywhere" | "changeRole" | "revocationLab"
>;

const parseNote = field("note", isNote);
const parseNotes = listField("notes", isNote);

/**
 * The protected API under `base` (`/api/{approach}`), called through `authorized`.
 *
 * @example
 * const http = createLoggedFetch();
 * const send: AuthorizedSend = (method, path, json) => http.send(method, path, { cookies: ["session-lab"], json });
 * const api = createResourceClient(send, "/api/cookie");
 * await api.listNotes();
 */
export function createResourceClient(authorized: AuthorizedSend, base: string): ResourceClient {
  return {
    me: async () => toResult(await authorized("GET", `${base}/me`), parseUser),
    admin: async () => toResult(await authorized("GET", `${base}/admin`), parseAdminView),
    listNotes: async () => toResult(await authorized("GET", `${base}/notes`), parseNotes),
    addNote: async (text) => toResult(await authorized("POST", `${base}/notes`, { text }), parseNote),
    deleteNote: async (id) => toEmptyResult(await authorized("DELETE", `${base}/notes/${id}`)),
    logoutEverywhere: async () => toEmptyResult(await authorized("POST", `${base}/logout-everywhere`)),
    changeRole: async (username, role) => toResult(await authorized("POST", `${base}/admin/role`, { username, role }), parseUser),
    revocationLab: async () => toResult(await authorized("POST", `${base}/revocation-lab`), parseRevocationReport),
  };
}
