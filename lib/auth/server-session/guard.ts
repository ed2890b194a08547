import "server-only";
import { timed } from "../../exchange";
import { AuthError, ForbiddenError, type AuthFailure } from "../../errors";
import { assertSameOriginForChanges } from "../../origin";
import type { IncomingRequest } from "../../request";
import type { ServerSessionRecord } from "../../store";
import { findUserById, type Role, type User } from "../../users";
import { readSessionCookie, sessionCookieCopies } from "./config";
import { setSessionCookie } from "./cookies";
import { invalidateSession, rotateSession, validateSessionToken } from "./session";

/** `current`: the cookie holds the session's current secret, not the one a change of role replaced. */
export type ServerSessionAuth = { user: User; session: ServerSessionRecord; current: boolean } | { user: null; reason: AuthFailure };

/**
 * The user whose session id came with this request, or why there is none.
 *
 * @example
 * const auth = await getServerSessionUser(await pageRequest());
 */
export async function getServerSessionUser(request: IncomingRequest): Promise<ServerSessionAuth> {
  const cookie = readSessionCookie(request);
  return cookie.value === null ? { user: null, reason: cookie.reason } : userOfToken(cookie.value);
}

// The check itself, for the one token a read takes and for each copy a logout ends.
async function userOfToken(token: string): Promise<ServerSessionAuth> {
  const result = await timed("auth", "validateSessionToken", () => validateSessionToken(token));
  if (!result.ok) return { user: null, reason: result.reason };
  const user = findUserById(result.session.userId);
  return user ? { user, session: result.session, current: result.current } : { user: null, reason: "invalid" };
}

/**
 * The signed-in user and the session in use, or an {@link AuthError} (401) /
 * {@link ForbiddenError} (403). Route handlers only: when the user's role changed since
 * the session's secret was issued, the session gets a new secret (and cookie), and every
 * other copy of the old cookie stops working 10 s later; the session returned is then the
 * rotated one. Only a request with the current secret rotates it, and of those racing, one.
 * That ends a copy taken before the change, but it is no guarantee: whichever copy asks
 * first gets the new secret, and if a thief's does, it is the user's browser that is signed
 * out (which at least shows). Nothing can tell the two copies apart; only ending the
 * session, and a new sign-in, could.
 *
 * @example
 * const { user, session } = await requireServerSession(request);
 */
export async function requireServerSession(
  request: IncomingRequest,
  options: { role?: Role } = {},
): Promise<{ user: User; session: ServerSessionRecord }> {
  assertSameOriginForChanges(request);
  const auth = await getServerSessionUser(request);
  if (!auth.user) throw new AuthError(auth.reason, "cookie");
  let { session } = auth;
  if (auth.current && session.role !== auth.user.role) {
    const rotated = await rotateSession(session, auth.user);
    if (rotated) {
      await setSessionCookie(request, rotated.token);
      session = rotated.session;
    }
  }
  if (options.role && auth.user.role !== options.role) throw new ForbiddenError("cookie");
  return { user: auth.user, session };
}

/**
 * {@link requireServerSession}, for routes that need only the user.
 *
 * @example
 * const user = await requireServerSessionUser(request, { role: "admin" });
 */
export async function requireServerSessionUser(request: IncomingRequest, options: { role?: Role } = {}): Promise<User> {
  return (await requireServerSession(request, options)).user;
}

/**
 * Ends the session this request carried, whoever's it is: its record is deleted, so every
 * copy of its cookie finds nothing, and it leaves its user's list of sessions (a cookie that
 * came more than once: each copy's session). Logout calls it, and so does every sign-in that
 * succeeds, before it creates the new session (OWASP session management: on login,
 * invalidate the previous session), or the session whose cookie it replaced would stay
 * live, and listed, until it expired. A cookie that is
 * missing, tampered with, expired or already ended ends nothing.
 * With the store down it throws (503), and a sign-in fails with it rather than leave the old
 * session alive: that sign-in needs the store a moment later anyway, and its retry ends it.
 *
 * @example
 * await endRequestSession(request);
 */
export async function endRequestSession(request: IncomingRequest): Promise<void> {
  for (const token of sessionCookieCopies(request)) {
    const auth = await userOfToken(token);
    if (auth.user) await invalidateSession(auth.session.id);
  }
}
