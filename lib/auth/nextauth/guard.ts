import "server-only";
import { getServerSession } from "next-auth";
import { timed } from "../../exchange";
import { AuthError, ForbiddenError, type AuthFailure } from "../../errors";
import { assertSameOrigin } from "../../origin";
import type { IncomingRequest } from "../../request";
import { findUserById, type Role, type User } from "../../users";
import { authOptions, hasSessionCookie } from "./config";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type NextAuthResult = { user: User } | { user: null; reason: AuthFailure };

/**
 * The user of this request's next-auth session, or why there is none. next-auth
 * reports every failure (tampered, expired, revoked) as "no session", so anything
 * but a missing cookie is `invalid`.
 *
 * @example
 * const auth = await getNextAuthUser(await pageRequest());
 */
export async function getNextAuthUser(request: IncomingRequest): Promise<NextAuthResult> {
  if (!hasSessionCookie(request)) return { user: null, reason: "missing" };
  const session = await timed("auth", "getServerSession", () => getServerSession(authOptions()));
  const user = session?.user ? findUserById(session.user.id) : null;
  return user ? { user } : { user: null, reason: "invalid" };
}

/**
 * The signed-in user, or an {@link AuthError} (401) / {@link ForbiddenError} (403).
 * The cookie is sent by the browser on its own, so state changes must come from this site.
 *
 * @example
 * const user = await requireNextAuthUser(request, { role: "admin" });
 */
export async function requireNextAuthUser(request: IncomingRequest, options: { role?: Role } = {}): Promise<User> {
  if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request, "cookie");
  const auth = await getNextAuthUser(request);
  if (!auth.user) throw new AuthError(auth.reason, "cookie");
  if (options.role && auth.user.role !== options.role) throw new ForbiddenError("insufficient_scope", "cookie");
  return auth.user;
}
