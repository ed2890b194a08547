import type { CredentialAnatomy, CredentialPart } from "@/lib/lab/inspect";
import type { RevocationReport } from "@/lib/lab/revocation";
import type { Inspection } from "./wire";

// The server's own shapes; type-only, so the server-only modules never reach the browser bundle.
export type { CredentialAnatomy, CredentialPart, RevocationReport };

/** What the API tells a browser about the signed-in user. */
export interface User {
  id: number;
  username: string;
  role: Role;
}

export type Role = "admin" | "member";

export interface Note {
  id: number;
  text: string;
  createdAt: string;
}

export interface AdminView {
  user: User;
  stats: { users: number; notes: number };
}

/** One of the caller's live server-side sessions, as `GET /api/server-session/sessions` lists it. */
export interface SessionInfo {
  id: string;
  /** The session this request came with. */
  current: boolean;
  createdAt: string;
  /** Moved forward at most once per 5 minutes of activity, not on every request. */
  lastSeenAt: string;
  userAgent: string;
}

/** What only a store of sessions can offer: every sign-in of this user, and a way to end any one. */
export interface SessionDirectory {
  list(): Promise<ApiResult<SessionInfo[]>>;
  /** Ends one of the caller's sessions at once; ending the current one signs this client out. */
  revoke(id: string): Promise<ApiResult<null>>;
}

/** What the second service (`npm run resource-server`) concluded from the token alone. */
export interface SecondServiceAnswer {
  sub: string;
  role: string;
  exp: number;
  /** The JWKS URL it fetched the app's public keys from: its only trust in the app. */
  verifiedWith: string;
  /** Always false: it has no store, so a revoked token still passes there until it expires. */
  revocationChecked: boolean;
}

/**
 * What the credential inspector can see of a column's credential: the access token
 * itself where script holds one, or, for an HttpOnly cookie, the server's outline of it.
 */
export type CredentialInspection =
  | {
      kind: "bearer";
      /** The access token held in memory, or null. The inspector reads it, shows it shortened, and keeps no copy. */
      token(): string | null;
      /** Called whenever the token changes: sign-in, refresh, sign-out. */
      subscribe(listener: () => void): () => void;
    }
  | {
      kind: "cookie";
      /** `GET /api/{approach}/inspect`: the cookie's labelled parts, never its value. */
      describe(): Promise<ApiResult<CredentialAnatomy>>;
    };

/** RFC 9457 problem details: the one error shape every endpoint answers with. */
export interface Problem {
  title: string;
  status: number;
  detail: string;
}

/**
 * The outcome of one call as the panel sees it. `status` is the final HTTP status
 * (0 when the request never completed); `request` is the method and path that produced it.
 */
export type ApiResult<T> =
  | { ok: true; status: number; request: string; data: T }
  | { ok: false; status: number; request: string; problem: Problem };

/** One row of a column's request log. */
export interface LogEntry {
  id: number;
  method: string;
  path: string;
  /** Which credential went out with the request, described without ever showing a whole secret. */
  credential: string;
  status: number;
  ms: number;
  /** Why this request was made when the user did not ask for it directly. */
  note?: string;
  /** What the server reported about the exchange: auth time, challenge, credentials in and out. */
  inspection?: Inspection;
}

/**
 * Everything a column needs from one approach. Adding an approach to the lab is writing
 * one of these and adding it to the list in `approaches.ts`.
 */
export interface ApproachClient {
  /**
   * Finds out, without any user input, whether this browser is already signed in: the user,
   * or `null` for nobody; a failure when it could not tell (see `asSessionCheck`).
   */
  restore(): Promise<ApiResult<User | null>>;
  login(username: string, password: string): Promise<ApiResult<User>>;
  logout(): Promise<ApiResult<null>>;
  me(): Promise<ApiResult<User>>;
  admin(): Promise<ApiResult<AdminView>>;
  listNotes(): Promise<ApiResult<Note[]>>;
  addNote(text: string): Promise<ApiResult<Note>>;
  deleteNote(id: number): Promise<ApiResult<null>>;
  /** Ends every session this user has, in every approach and on every device. */
  logoutEverywhere(): Promise<ApiResult<null>>;
  /** Admins only: gives `username` another role, effective on that user's next request. */
  changeRole(username: string, role: Role): Promise<ApiResult<User>>;
  /** Copies this credential, revokes it, replays the copy; signs this client out. */
  revocationLab(): Promise<ApiResult<RevocationReport>>;
  /** One line about the credential while signed in: what script can see of it, or that it cannot. */
  credentialSummary(): string | null;
  /** What the credential inspector may look at. */
  inspection: CredentialInspection;
  /** Only where the sessions live on the server: a stateless credential has no list to show. */
  sessions?: SessionDirectory;
  /** Only for a credential another service can verify alone: calls that service's `/whoami` at `url`. */
  callSecondService?(url: string): Promise<ApiResult<SecondServiceAnswer>>;
  subscribe(listener: () => void): () => void;
  getLog(): readonly LogEntry[];
}
