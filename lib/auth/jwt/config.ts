import "server-only";
import { env, REFRESH_FAMILY_MAX_AGE_SECONDS } from "../../env";
import { canUseSecureCookies, isHttps } from "../../origin";
import { cookieCopies, readCredentialCookie, type CredentialCookie, type IncomingRequest } from "../../request";

/** One algorithm, pinned on verify: a token cannot choose how it is checked (no `alg` confusion). */
export const ALGORITHM = "EdDSA";

/** RFC 9068's media type: tells our access tokens apart from every other JWT (refresh, ID, next-auth). */
export const ACCESS_TOKEN_TYPE = "at+jwt";

/** Claims a token must carry to be considered at all. */
export const REQUIRED_CLAIMS = ["iss", "aud", "sub", "exp", "iat", "jti"];

/** Enough for servers whose clocks drift a little, too little to stretch a lifetime. */
export const CLOCK_TOLERANCE_SECONDS = 5;

/** However often it is rotated, a refresh-token family ends this long after sign-in. */
export const REFRESH_FAMILY_MAX_AGE_MS = REFRESH_FAMILY_MAX_AGE_SECONDS * 1000;

export const REFRESH_COOKIE_NAME = "jwt-refresh";

/**
 * The refresh token is the one long-lived secret of this approach, so its cookie is
 * as narrow as a cookie gets.
 */
const REFRESH_COOKIE_OPTIONS = {
  httpOnly: true, // script cannot read it, so XSS cannot carry it off
  sameSite: "strict", // never sent on a request started by another site
  path: "/api/jwt", // sent to this approach's API only, never to pages or any other path
} as const;

/**
 * The refresh cookie's name and attributes for this request: `Secure` wherever browsers
 * keep such a cookie (always in production), and over https the `__Secure-` prefix, which
 * the browser accepts only from https. (`__Host-` would demand Path=/, and this cookie's
 * narrow path matters more.)
 */
export function refreshCookie(request: Pick<IncomingRequest, "url" | "headers">) {
  const url = new URL(request.url);
  return {
    name: isHttps(url, request.headers) ? `__Secure-${REFRESH_COOKIE_NAME}` : REFRESH_COOKIE_NAME,
    options: { ...REFRESH_COOKIE_OPTIONS, secure: canUseSecureCookies(url, request.headers) },
  };
}

/** The refresh token this request carried; `malformed` when its cookie came more than once. */
export function readRefreshCookie(request: Pick<IncomingRequest, "url" | "headers">): CredentialCookie {
  return readCredentialCookie(request, refreshCookie(request).name);
}

/** Every copy of the refresh cookie this request carried, for a logout to end them all. */
export function refreshCookieCopies(request: Pick<IncomingRequest, "url" | "headers">): string[] {
  return cookieCopies(request, refreshCookie(request).name);
}

/** Issuer, audience and lifetimes, from the environment. */
export function jwtSettings() {
  const { JWT_ISSUER, JWT_AUDIENCE, ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS, REFRESH_REUSE_GRACE_SECONDS } = env();
  return {
    issuer: JWT_ISSUER,
    audience: JWT_AUDIENCE,
    accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlMs: REFRESH_TOKEN_TTL_SECONDS * 1000,
    // Two tabs that refresh at the same moment both present the same token: the second is not a thief.
    refreshReuseGraceMs: REFRESH_REUSE_GRACE_SECONDS * 1000,
  };
}
