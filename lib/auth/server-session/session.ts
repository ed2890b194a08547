import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { store, type ServerSessionRecord } from "../../store";
import type { User } from "../../users";
import { TOUCH_INTERVAL_MS, sessionLifetimes } from "./config";

// `id.secret`: a 128-bit id to find the record, a 256-bit secret to prove the bearer
// holds the cookie. The store keeps only the secret's SHA-256, so a leaked store (or
// backup) holds no usable session.
const TOKEN_FORMAT = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

export type ServerSessionResult =
  | { ok: true; session: ServerSessionRecord }
  | { ok: false; reason: "invalid" | "revoked" };

/**
 * Creates a session for `user` and returns the cookie value. Always a new id: a
 * session id planted before sign-in is never promoted (no session fixation).
 *
 * @example
 * const { token } = await createSession(user, request.headers.get("user-agent"));
 */
export async function createSession(
  user: User,
  userAgent: string | null,
  now = Date.now(),
): Promise<{ token: string; session: ServerSessionRecord }> {
  const id = randomBytes(16).toString("base64url");
  const secret = randomBytes(32).toString("base64url");
  const { idleMs, absoluteMs } = sessionLifetimes();
  const session: ServerSessionRecord = {
    id,
    userId: user.id,
    secretHash: hashSecret(secret),
    role: user.role,
    sessionVersion: await store().sessionVersion(user.id),
    userAgent: (userAgent ?? "unknown").slice(0, 200),
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt: now + idleMs,
    absoluteExpiresAt: now + absoluteMs,
  };
  await store().createServerSession(session);
  return { token: `${id}.${secret}`, session };
}

/**
 * Looks the cookie's session up and checks its secret in constant time. Unknown,
 * deleted and expired sessions are all simply gone; one minted before the user's last
 * "sign out everywhere" is revoked. Extends the idle expiry, at most once per 5 minutes.
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
  if (now - session.lastSeenAt > TOUCH_INTERVAL_MS) {
    const idleExpiresAt = Math.min(now + sessionLifetimes().idleMs, session.absoluteExpiresAt);
    await store().touchServerSession(session.id, now, idleExpiresAt);
    return { ok: true, session: { ...session, lastSeenAt: now, idleExpiresAt } };
  }
  return { ok: true, session };
}

/** Ends one session, at once, everywhere: the next request with its cookie finds nothing. */
export async function invalidateSession(sessionId: string): Promise<void> {
  await store().deleteServerSession(sessionId);
}

/** Ends every session the user has. */
export async function invalidateUserSessions(userId: number): Promise<void> {
  await store().deleteUserServerSessions(userId);
}

/** The user's live sessions, newest first: not those ended by a "sign out everywhere". */
export async function listUserSessions(userId: number): Promise<ServerSessionRecord[]> {
  const [sessions, version] = await Promise.all([store().listServerSessions(userId), store().sessionVersion(userId)]);
  return sessions.filter((session) => session.sessionVersion === version);
}
