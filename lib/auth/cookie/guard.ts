import "server-only";
import { AuthError, ForbiddenError, type AuthFailure } from "../../errors";
import { assertSameOriginForChanges } from "../../origin";
import type { IncomingRequest } from "../../request";
import { findUserById, type Role, type User } from "../../users";
import { readSessionCookie, sessionCookieCopies } from "./config";
import { revokeSession, unsealSession, type CookieSession } from "./session";

// A browser keeps no cookie past 4096 bytes, so a longer seal is none this app set: it is
// refused before any cryptography.
const MAX_SEAL_LENGTH = 4096;

export type CookieAuth = { user: User; session: CookieSession } | { user: null; reason: AuthFailure };

/**
 * The user whose sealed cookie came with this request, or why there is none.
 *
 * @example
 * const auth = await getCookieUser(await pageRequest());
 * if (!auth.user) redirect("/cookie");
 */
export async function getCookieUser(request: IncomingRequest): Promise<CookieAuth> {
  const cookie = readSessionCookie(request);
  return cookie.value === null ? { user: null, reason: cookie.reason } : userOfSeal(cookie.value);
}

// The check itself, for the one seal a read takes and for each copy a logout ends.
async function userOfSeal(seal: string): Promise<CookieAuth> {
  if (seal.length > MAX_SEAL_LENGTH) return { user: null, reason: "invalid" };
  const result = await unsealSession(seal);
  if (!result.ok) return { user: null, reason: result.reason };
  const user = findUserById(result.session.userId);
  return user ? { user, session: result.session } : { user: null, reason: "invalid" };
}

/**
 * The signed-in user, or an {@link AuthError} (401) / {@link ForbiddenError} (403).
 * The browser attaches this cookie by itself, so a state-changing request must also
 * prove it came from this site.
 *
 * @example
 * const user = await requireCookieUser(request, { role: "admin" });
 */
export async function requireCookieUser(request: IncomingRequest, options: { role?: Role } = {}): Promise<User> {
  assertSameOriginForChanges(request);
  const auth = await getCookieUser(request);
  if (!auth.user) throw new AuthError(auth.reason, "cookie");
  if (options.role && auth.user.role !== options.role) throw new ForbiddenError("cookie");
  return auth.user;
}

/**
 * Ends the session this request carried, whoever's it is: its id is revoked, so every copy
 * of its cookie is refused (a cookie that came more than once: each copy's session). Logout
 * calls it, and so does every sign-in that succeeds, before it seals the new session (OWASP
 * session management: on login, invalidate the previous session), or a copy of the cookie it
 * replaced would go on working until it expired. A cookie that is missing, tampered with,
 * expired or already revoked ends nothing.
 * With the store down it throws (503), and a sign-in fails with it rather than leave the old
 * session alive: that sign-in needs the store a moment later anyway, and its retry ends it.
 *
 * @example
 * await endRequestSession(request);
 */
export async function endRequestSession(request: IncomingRequest): Promise<void> {
  for (const seal of sessionCookieCopies(request)) {
    const auth = await userOfSeal(seal);
    if (auth.user) await revokeSession(auth.session);
  }
}
