import "server-only";
import { AuthError, ForbiddenError, type AuthFailure } from "../../errors";
import { timed } from "../../exchange";
import { assertSameOriginForChanges } from "../../origin";
import type { IncomingRequest } from "../../request";
import { findUserById, type Role, type User } from "../../users";
import { readSessionCookie, sessionTokenCandidates } from "./config";
import { isNextAuthTokenRevoked, revokeNextAuthSession, verifySessionToken } from "./session";

export type NextAuthAuth = { user: User } | { user: null; reason: AuthFailure };

/**
 * The user of this request's next-auth session, or why there is none.
 *
 * It reads the cookie by next-auth's own rule (every chunk, joined in next-auth's order; a
 * repeated name is `malformed`), decodes it with next-auth's own `decode`, and then makes
 * the checks of our `jwt` callback: revocation, and the user as the store has them now. Not
 * `getServerSession`: that runs next-auth's whole session endpoint, re-encrypting the cookie
 * on every call for nobody (in the App Router its cookie setters do nothing; 0.6× the
 * throughput of no auth at all). The session still slides forward whenever the browser reads
 * `/api/auth/session`, as this app's next-auth column does on every page load.
 *
 * @example
 * const auth = await getNextAuthUser(await pageRequest());
 */
export async function getNextAuthUser(request: IncomingRequest): Promise<NextAuthAuth> {
  const cookie = readSessionCookie(request);
  if (cookie.value === null) return { user: null, reason: cookie.reason };
  const token = cookie.value;
  const verified = await timed("auth", "next-auth decode", () => verifySessionToken(token));
  if (!verified.ok) return { user: null, reason: verified.reason };
  if (await isNextAuthTokenRevoked(verified.token)) return { user: null, reason: "revoked" };
  const user = verified.token.uid === undefined ? null : findUserById(verified.token.uid);
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
  assertSameOriginForChanges(request);
  const auth = await getNextAuthUser(request);
  if (!auth.user) throw new AuthError(auth.reason, "cookie");
  if (options.role && auth.user.role !== options.role) throw new ForbiddenError("cookie");
  return auth.user;
}

/**
 * Ends the session this request carried, whoever's it is: its `sid` is denied, so every copy
 * of its cookie is refused. Sign-out ends it, and so does every sign-in that succeeds, once
 * next-auth has answered (OWASP session management: on login, invalidate the previous
 * session), or a copy of the cookie next-auth replaced would go on working until it expired
 * (see lib/auth/nextauth/endpoint-checks.ts). A cookie that is missing, tampered with or
 * expired ends nothing; one whose name came more than once has each session it holds ended.
 * With the store down it throws (503), and a sign-in fails with it rather than leave the old
 * session alive: that sign-in needed the store a moment before anyway, and its retry ends it.
 *
 * @example
 * await endRequestSession(request);
 */
export async function endRequestSession(request: IncomingRequest): Promise<void> {
  for (const candidate of sessionTokenCandidates(request)) {
    const verified = await verifySessionToken(candidate);
    if (verified.ok && verified.token.sid) await revokeNextAuthSession(verified.token.sid);
  }
}
