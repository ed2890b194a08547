import "server-only";
import { timed } from "../../exchange";
import { AuthError, ForbiddenError, type AuthFailure } from "../../errors";
import { assertSameOriginForChanges } from "../../origin";
import type { IncomingRequest } from "../../request";
import type { ServerSessionRecord } from "../../store";
import { findUserById, type Role, type User } from "../../users";
import { readSessionCookie } from "./config";
import { setSessionCookie } from "./cookies";
import { rotateSession, validateSessionToken } from "./session";

/** `current`: the cookie holds the session's current secret, not the one a change of role replaced. */
export type ServerSessionAuth = { user: User; session: ServerSessionRecord; current: boolean } | { user: null; reason: AuthFailure };

/**
 * The user whose session id came with this request, or why there is none.
 *
 * @example
 * const auth = await getServerSessionUser(await pageRequest());
 */
export async function getServerSessionUser(request: IncomingRequest): Promise<ServerSessionAuth> {
  const token = readSessionCookie(request);
  if (!token) return { user: null, reason: "missing" };
  const result = await timed("auth", "validateSessionToken", () => validateSessionToken(token));
  if (!result.ok) return { user: null, reason: result.reason };
  const user = findUserById(result.session.userId);
  return user ? { user, session: result.session, current: result.current } : { user: null, reason: "invalid" };
}

/**
 * The signed-in user and the session in use, or an {@link AuthError} (401) /
 * {@link ForbiddenError} (403). Route handlers only: when the user's role changed since
 * the session's secret was issued, the session gets a new secret (and cookie), so a cookie
 * planted or copied earlier is never promoted; the session returned is then the rotated one.
 * Only a request with the current secret rotates it, and of those racing, one.
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
