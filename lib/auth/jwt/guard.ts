import "server-only";
import { AuthError, ForbiddenError, type AuthFailure } from "../../errors";
import type { IncomingRequest } from "../../request";
import { findUserById, type Role, type User } from "../../users";
import { refreshCookieCopies } from "./config";
import { revokeAccessToken, revokeRefreshToken, verifyAccessToken, type AccessTokenClaims } from "./session";

// RFC 6750 §2.1: the scheme is case-insensitive, the token is a b64token.
const BEARER_HEADER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
// A sign-in's token is about 480 characters; one near 8 KB is no token this app issues, and is
// refused before any parsing or cryptography (Node itself caps all headers at 16 KB).
const MAX_TOKEN_LENGTH = 8192;

export type BearerToken = { token: string } | { token: null; reason: "missing" | "malformed" };

/**
 * Reads `Authorization: Bearer <token>`. No header, or another scheme, is `missing`
 * (RFC 6750 §3.1: no error code); a Bearer header of the wrong form is `malformed`.
 */
export function readBearerToken(request: Pick<IncomingRequest, "headers">): BearerToken {
  const header = request.headers.get("authorization");
  // The scheme ends at any whitespace, so `Bearer<TAB>token` is a Bearer header of the wrong form.
  const scheme = header?.split(/[ \t]/, 1)[0]?.toLowerCase();
  if (scheme !== "bearer") return { token: null, reason: "missing" };
  const token = header && BEARER_HEADER.exec(header)?.[1];
  return token ? { token } : { token: null, reason: "malformed" };
}

export type JwtAuth = { user: User; claims: AccessTokenClaims } | { user: null; reason: AuthFailure };

/**
 * The user this request's access token belongs to, or why there is none.
 *
 * @example
 * const auth = await getJwtUser(request);
 * if (auth.user) greet(auth.user);
 */
export async function getJwtUser(request: IncomingRequest): Promise<JwtAuth> {
  const bearer = readBearerToken(request);
  if (bearer.token === null) return { user: null, reason: bearer.reason };
  if (bearer.token.length > MAX_TOKEN_LENGTH) return { user: null, reason: "invalid" };

  const result = await verifyAccessToken(bearer.token);
  if (!result.ok) return { user: null, reason: result.reason };
  // The token proves who; the database says what they are now. A deleted user's tokens
  // die with them, and a changed role applies on the next request.
  const user = findUserById(Number(result.claims.sub));
  return user ? { user, claims: result.claims } : { user: null, reason: "invalid" };
}

/**
 * The signed-in user, or an {@link AuthError} (401/400) / {@link ForbiddenError} (403).
 *
 * @example
 * const user = await requireJwtUser(request, { role: "admin" });
 */
export async function requireJwtUser(request: IncomingRequest, options: { role?: Role } = {}): Promise<User> {
  const auth = await getJwtUser(request);
  if (!auth.user) throw new AuthError(auth.reason, "bearer");
  if (options.role && auth.user.role !== options.role) throw new ForbiddenError("bearer");
  return auth.user;
}

/**
 * Ends the sign-in this request carried, whoever's it is, by either credential: the refresh
 * cookie's family or the access token's (`fid`), so that refresh token and every access token
 * minted from its family stop working (a refresh cookie that came more than once: each copy's
 * family). Logout calls it, and so does every sign-in that succeeds, before it starts the new
 * family (OWASP session management: on login, invalidate the previous session), or a copy of
 * the refresh cookie it replaced would go on minting access tokens until it expired. A token
 * that is missing, unknown, tampered with or expired ends nothing.
 * With the store down it throws (503), and a sign-in fails with it rather than leave the old
 * session alive: that sign-in needs the store a moment later anyway, and its retry ends it.
 *
 * @example
 * await endRequestSession(request);
 */
export async function endRequestSession(request: IncomingRequest): Promise<void> {
  for (const refresh of refreshCookieCopies(request)) await revokeRefreshToken(refresh);
  const auth = await getJwtUser(request);
  if (auth.user) await revokeAccessToken(auth.claims);
}
