import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { store, type ServerSessionRecord } from "../../store";
import type { User } from "../../users";
import { PREVIOUS_SECRET_GRACE_MS, sessionLifetimes, touchIntervalMs } from "./config";

// `id.secret`: a 128-bit id to find the record, a 256-bit secret to prove the bearer
// holds the cookie. The store keeps only the secret's SHA-256, so a leaked store (or
// backup) holds no usable session.
const TOKEN_FORMAT = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** `current`: the cookie holds the session's current secret, not the one a change of role replaced. */
export type ServerSessionResult =
  | { ok: true; session: ServerSessionRecord; current: boolean }
  | { ok: false; reason: "invalid" | "expired" | "revoked" };

/** The cookie value (`id.secret`) and the record stored for it. */
type NewSession = { token: string; session: ServerSessionRecord };

/**
 * Sessions one user may hold at once. Every sign-in stores one, so without a bound anyone
 * who knows a password (here, the demo's) could pile up sessions until their user's list
 * ran to megabytes. One more sign-in ends the session that went unused longest.
 */
export const MAX_SESSIONS_PER_USER = 50;

/**
 * Creates a session for `user` and returns the cookie value. Always a new id: a
 * session id planted before sign-in is never promoted (no session fixation).
 *
 * @example
 * const { token } = await createSession(user, request.headers.get("user-agent"));
 */
export async function createSession(user: User, userAgent: string | null, now = Date.now()): Promise<NewSession> {
  const { idleMs, absoluteMs } = sessionLifetimes();
  const id = randomBytes(16).toString("base64url");
  const secret = newSecret();
  const session: ServerSessionRecord = {
    id,
    userId: user.id,
    secretHash: hashSecret(secret),
    previousSecretHash: null,
    previousSecretValidUntil: 0,
    role: user.role,
    sessionVersion: await store().sessionVersion(user.id),
    userAgent: (userAgent ?? "unknown").slice(0, 200),
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt: now + Math.min(idleMs, absoluteMs),
    absoluteExpiresAt: now + absoluteMs,
  };
  await store().createServerSession(session);
  const sessions = await store().listServerSessions(user.id);
  if (sessions.length > MAX_SESSIONS_PER_USER) {
    const unusedLongest = sessions.toSorted((a, b) => b.lastSeenAt - a.lastSeenAt).slice(MAX_SESSIONS_PER_USER);
    await Promise.all(unusedLongest.map(({ id }) => invalidateSession(id)));
  }
  return { token: `${id}.${secret}`, session };
}

/**
 * Gives a session a new secret (and so a new cookie) after a change of role: a cookie
 * planted or copied before the change is worthless once PREVIOUS_SECRET_GRACE_MS has
 * passed. The id, expiries and session version stay, so a rotation never lengthens a
 * session, and logging out (by id) ends it for every copy. `session` must have been
 * checked with its current secret. Null when another request rotated it first: that
 * one's answer carries the new cookie.
 */
export async function rotateSession(session: ServerSessionRecord, user: User, now = Date.now()): Promise<NewSession | null> {
  const secret = newSecret();
  const next = { secretHash: hashSecret(secret), role: user.role };
  const previousSecretValidUntil = now + PREVIOUS_SECRET_GRACE_MS;
  if (!(await store().rotateServerSessionSecret(session.id, session.secretHash, next, previousSecretValidUntil))) return null;
  const record = { ...session, ...next, previousSecretHash: session.secretHash, previousSecretValidUntil };
  return { token: `${session.id}.${secret}`, session: record };
}

const newSecret = () => randomBytes(32).toString("base64url");

/** Whether `presented` (a secret's SHA-256, as bytes) is `stored` (hex), in constant time. */
function sameHash(presented: Buffer, stored: string | null): boolean {
  if (stored === null) return false;
  const expected = Buffer.from(stored, "hex");
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/**
 * Looks the cookie's session up and checks its secret in constant time: the current one,
 * or the one a change of role replaced, for PREVIOUS_SECRET_GRACE_MS. Unknown and deleted
 * sessions are simply gone (`invalid`), as are expired ones the store has dropped; one it still
 * holds past its expiry is `expired` (and deleted); one minted before the user's last "sign out
 * everywhere" is revoked. Extends the idle expiry at most once per touchIntervalMs:
 * 5 minutes, or half the idle limit when that is shorter.
 */
export async function validateSessionToken(token: string, now = Date.now()): Promise<ServerSessionResult> {
  const match = TOKEN_FORMAT.exec(token);
  if (!match?.[1] || !match[2]) return { ok: false, reason: "invalid" };
  const session = await store().getServerSession(match[1]);
  if (!session) return { ok: false, reason: "invalid" };
  const presented = Buffer.from(hashSecret(match[2]), "hex");
  const current = sameHash(presented, session.secretHash);
  if (!current && !(now < session.previousSecretValidUntil && sameHash(presented, session.previousSecretHash))) {
    return { ok: false, reason: "invalid" };
  }
  // The stores drop expired sessions by the real clock already; checked here too, so that this
  // function is right on its own (over any key-value store) and by the clock it is given.
  if (now >= session.idleExpiresAt || now >= session.absoluteExpiresAt) {
    await store().deleteServerSession(session.id);
    return { ok: false, reason: "expired" };
  }

  if ((await store().sessionVersion(session.userId)) !== session.sessionVersion) {
    await store().deleteServerSession(session.id);
    return { ok: false, reason: "revoked" };
  }
  const { idleMs } = sessionLifetimes();
  if (now - session.lastSeenAt > touchIntervalMs(idleMs)) {
    const idleExpiresAt = Math.min(now + idleMs, session.absoluteExpiresAt);
    await store().touchServerSession(session.id, now, idleExpiresAt);
    return { ok: true, session: { ...session, lastSeenAt: now, idleExpiresAt }, current };
  }
  return { ok: true, session, current };
}

/** Ends one session, at once, everywhere: the next request with its cookie finds nothing. */
export async function invalidateSession(sessionId: string): Promise<void> {
  await store().deleteServerSession(sessionId);
}

/** One of the user's live sessions, or null: someone else's, ended, or never there. */
export async function findUserSession(userId: number, sessionId: string): Promise<ServerSessionRecord | null> {
  const [session, version] = await Promise.all([store().getServerSession(sessionId), store().sessionVersion(userId)]);
  return session?.userId === userId && session.sessionVersion === version ? session : null;
}

/** The user's live sessions, newest first: not those ended by a "sign out everywhere". */
export async function listUserSessions(userId: number): Promise<ServerSessionRecord[]> {
  const [sessions, version] = await Promise.all([store().listServerSessions(userId), store().sessionVersion(userId)]);
  return sessions.filter((session) => session.sessionVersion === version);
}
