import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { store, type ServerSessionRecord } from "../../store";
import type { User } from "../../users";
import { sessionLifetimes, touchIntervalMs } from "./config";

// `id.secret`: a 128-bit id to find the record, a 256-bit secret to prove the bearer
// holds the cookie. The store keeps only the secret's SHA-256, so a leaked store (or
// backup) holds no usable session.
const TOKEN_FORMAT = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

export type ServerSessionResult =
  | { ok: true; session: ServerSessionRecord }
  | { ok: false; reason: "invalid" | "revoked" };

/** The cookie value (`id.secret`) and the record stored for it. */
type NewSession = { token: string; session: ServerSessionRecord };

/** What a session keeps from its sign-in when its id is rotated. */
type SignIn = Pick<ServerSessionRecord, "userAgent" | "sessionVersion" | "createdAt" | "absoluteExpiresAt">;

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
  const signIn = {
    userAgent: (userAgent ?? "unknown").slice(0, 200),
    sessionVersion: await store().sessionVersion(user.id),
    createdAt: now,
    absoluteExpiresAt: now + sessionLifetimes().absoluteMs,
  };
  const created = await storeNewSession(user, signIn, now);
  const sessions = await store().listServerSessions(user.id);
  if (sessions.length > MAX_SESSIONS_PER_USER) {
    const unusedLongest = sessions.toSorted((a, b) => b.lastSeenAt - a.lastSeenAt).slice(MAX_SESSIONS_PER_USER);
    await Promise.all(unusedLongest.map(({ id }) => invalidateSession(id)));
  }
  return created;
}

/**
 * Gives a session a new id (and cookie) for the same sign-in, as after a change of role,
 * and ends the old one. The new one keeps the old one's absolute expiry, so a rotation
 * never lengthens a session, and its session version, so a "sign out everywhere" that
 * lands after the old one was checked ends the new one too.
 */
export async function rotateSession(previous: ServerSessionRecord, user: User, now = Date.now()): Promise<NewSession> {
  const rotated = await storeNewSession(user, previous, now);
  await invalidateSession(previous.id);
  return rotated;
}

async function storeNewSession(user: User, { userAgent, sessionVersion, createdAt, absoluteExpiresAt }: SignIn, now: number): Promise<NewSession> {
  const id = randomBytes(16).toString("base64url");
  const secret = randomBytes(32).toString("base64url");
  const session: ServerSessionRecord = {
    id,
    userId: user.id,
    secretHash: hashSecret(secret),
    role: user.role,
    sessionVersion,
    userAgent,
    createdAt,
    lastSeenAt: now,
    idleExpiresAt: Math.min(now + sessionLifetimes().idleMs, absoluteExpiresAt),
    absoluteExpiresAt,
  };
  await store().createServerSession(session);
  return { token: `${id}.${secret}`, session };
}

/**
 * Looks the cookie's session up and checks its secret in constant time. Unknown,
 * deleted and expired sessions are all simply gone; one minted before the user's last
 * "sign out everywhere" is revoked. Extends the idle expiry at most once per
 * touchIntervalMs: 5 minutes, or half the idle limit when that is shorter.
 */
export async function validateSessionToken(token: string, now = Date.now()): Promise<ServerSessionResult> {
  const match = TOKEN_FORMAT.exec(token);
  if (!match?.[1] || !match[2]) return { ok: false, reason: "invalid" };
  const session = await store().getServerSession(match[1]);
  if (!session) return { ok: false, reason: "invalid" };
  const presented = Buffer.from(hashSecret(match[2]), "hex");
  const expected = Buffer.from(session.secretHash, "hex");
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { ok: false, reason: "invalid" };

  if ((await store().sessionVersion(session.userId)) !== session.sessionVersion) {
    await store().deleteServerSession(session.id);
    return { ok: false, reason: "revoked" };
  }
  const { idleMs } = sessionLifetimes();
  if (now - session.lastSeenAt > touchIntervalMs(idleMs)) {
    const idleExpiresAt = Math.min(now + idleMs, session.absoluteExpiresAt);
    await store().touchServerSession(session.id, now, idleExpiresAt);
    return { ok: true, session: { ...session, lastSeenAt: now, idleExpiresAt } };
  }
  return { ok: true, session };
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
