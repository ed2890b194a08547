import "server-only";
import type { Role } from "../users";

/**
 * The server-side state that "stateless" credentials still need. Everything else
 * about a session lives in the credential itself; this is the part that cannot.
 */

/** The refresh token that replaces a redeemed one: its hash, and how long it may live at most. */
export interface RefreshSuccessor {
  tokenHash: string;
  ttlMs: number;
}

/** What presenting a refresh token led to. */
export type RefreshOutcome =
  | {
      status: "rotated";
      userId: number;
      familyId: string;
      /** The session version the family was minted under: the user's current one. */
      sessionVersion: number;
      /** When the stored successor expires: after its `ttlMs`, or with its family if that ends first. */
      successorExpiresAt: number;
    }
  /**
   * `familyId`: the family reuse just revoked, or that was revoked before, whose access tokens
   * the caller may deny (again).
   */
  | { status: "reused" | "revoked"; familyId: string }
  | { status: "unknown" | "expired" };

/** What a guard needs to know, in one round trip, about a credential that verified. */
export interface CredentialState {
  /** `revokeId` was called for this credential's id (logout). */
  revoked: boolean;
  /** The user's session version now; a credential minted under an older one is dead (sign out everywhere). */
  sessionVersion: number;
}

/** A classic server-side session: everything but its id lives here. */
export interface ServerSessionRecord {
  id: string;
  userId: number;
  /** SHA-256 (hex) of the secret half of the cookie; the secret itself is never stored. */
  secretHash: string;
  /**
   * The secret a change of role replaced, still accepted until `previousSecretValidUntil`
   * (ms) for requests already on their way with it; null when there is none.
   */
  previousSecretHash: string | null;
  previousSecretValidUntil: number;
  /** The role the session's secret was issued for: a change of role rotates the secret. */
  role: Role;
  sessionVersion: number;
  userAgent: string;
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
}

/** Failed sign-ins counted for one key (an account or a client address) in the current window. */
export interface FailureCount {
  count: number;
  /** When the window ends and the count starts again from 0 (epoch ms). */
  resetsAt: number;
}

const STORE_UNAVAILABLE = Symbol.for("session-lab.StoreUnavailableError");

/** Thrown when the store cannot be reached: the request fails closed (503), nobody is let in on a guess. */
export class StoreUnavailableError extends Error {
  override readonly name = "StoreUnavailableError";
  readonly [STORE_UNAVAILABLE] = true;

  /**
   * `instanceof` by a mark, not by class: the proxy's bundle and the route handlers' each
   * have their own copy of this class but share one store (./index.ts), so an error thrown
   * by the store one bundle made must still be recognised (a 503) in the other.
   */
  static override [Symbol.hasInstance](value: unknown): value is StoreUnavailableError {
    return typeof value === "object" && value !== null && STORE_UNAVAILABLE in value;
  }
}

export interface SessionStore {
  /** Which implementation this is, for the UI and the logs. */
  readonly kind: "sqlite" | "redis";

  /**
   * Denies a credential id (a session id, a JWT's refresh family `fid`) until `expiresAt` (epoch ms), after which every
   * copy would be refused anyway (callers add any clock tolerance their verifier allows).
   * Revoking an id again can lengthen its revocation, never shorten it.
   */
  revokeId(id: string, expiresAt: number): Promise<void>;
  /** The revocation state of credential `id` belonging to `userId`. */
  credentialState(id: string, userId: number): Promise<CredentialState>;

  /** The user's current session version (0 until the first "sign out everywhere"). */
  sessionVersion(userId: number): Promise<number>;
  /** Ends every session the user has, in every approach, by moving their session version on. */
  bumpSessionVersion(userId: number): Promise<number>;

  /** Starts a refresh-token family, minted under `sessionVersion`, whose members all die at `expiresAt`. */
  createRefreshFamily(familyId: string, userId: number, sessionVersion: number, expiresAt: number): Promise<void>;
  /** Records a refresh token (by hash) as a member of its family. */
  addRefreshToken(tokenHash: string, familyId: string, userId: number, expiresAt: number): Promise<void>;
  /**
   * Redeems a refresh token and stores its successor in the same family, in one atomic step:
   * a failure before it commits leaves the token unspent, so the client's retry is no reuse.
   * (Once committed, an answer lost on the way back, or a Redis command the caller stopped
   * waiting for, spends it all the same: a retry within `graceMs` still gets a successor.)
   * The first presentation answers `rotated`, and so does one more within `graceMs` of it
   * (a second tab refreshing at the same moment), each storing the successor it was given.
   * Any other presentation, in the window or after it, answers `reused` and revokes the
   * token's whole family. Requests racing for the one grace redemption get it once between
   * them. A family minted before the user's last "sign out everywhere" is revoked and
   * answers `revoked`.
   */
  consumeRefreshToken(tokenHash: string, successor: RefreshSuccessor, now: number, graceMs: number): Promise<RefreshOutcome>;
  /** The id of the family this token belongs to; null for an unknown token. */
  refreshFamilyOf(tokenHash: string): Promise<string | null>;
  /** Revokes refresh family `familyId` (logout): none of its tokens rotates again. An unknown id is ignored. */
  revokeRefreshFamily(familyId: string, now: number): Promise<void>;

  /** Stores a new server-side session. */
  createServerSession(record: ServerSessionRecord): Promise<void>;
  /** The session with this id, or null once it was deleted or expired. */
  getServerSession(id: string): Promise<ServerSessionRecord | null>;
  /**
   * Gives session `id` a new secret for a new role, in one step, if `secretHash` is still its
   * secret: of requests racing to rotate it, one wins (true) and the rest change nothing. The
   * replaced secret stays accepted until `previousValidUntil`. The id stays, so ending the
   * session ends it for every copy of its cookie, whichever secret a copy holds.
   */
  rotateServerSessionSecret(id: string, secretHash: string, next: { secretHash: string; role: Role }, previousValidUntil: number): Promise<boolean>;
  /** Records activity: moves `lastSeenAt` and the idle expiry on (a session already ended stays ended). */
  touchServerSession(id: string, lastSeenAt: number, idleExpiresAt: number): Promise<void>;
  /** Ends one session at once. */
  deleteServerSession(id: string): Promise<void>;
  /** The user's live sessions, newest first. */
  listServerSessions(userId: number): Promise<ServerSessionRecord[]>;

  /**
   * Counts one more failure for `key` and returns the count, in one atomic step; a new window
   * of `windowMs` starts with the first. Sign-in counts each attempt this way before checking
   * its password, so attempts sent at once cannot all read the same count.
   */
  recordLoginFailure(key: string, windowMs: number, now: number): Promise<FailureCount>;
  /**
   * Takes one failure back (an attempt counted in advance that turned out not to be one), but
   * only from the window that counted it: a sign-in answered after its window ended must not
   * take a failure back from the next. The sign-in names that window by its `resetsAt`; the
   * attack lab, which never saw the count, by when it must reset at the latest (`resetsBy`:
   * its answer's time plus the window's length), so a window started after that answer (by
   * the next guess, say) keeps its count.
   */
  forgetLoginFailure(key: string, window: { resetsAt: number; resetsBy?: never } | { resetsBy: number; resetsAt?: never }): Promise<void>;

  /** Closes connections (tests, shutdown). */
  close(): Promise<void>;
}
