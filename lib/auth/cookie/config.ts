import "server-only";
import { env } from "../../env";
import { canUseSecureCookies, isHttps } from "../../origin";
import type { IncomingRequest } from "../../request";

/**
 * Cookie attributes, written once. `secure` and the name's `__Host-` prefix depend on
 * how the browser reached us, so they are added per request by {@link sessionCookie}.
 */
export const SESSION_COOKIE_OPTIONS = {
  httpOnly: true, // script cannot read the seal, so XSS cannot carry it off
  sameSite: "lax", // not sent on cross-site POSTs; CSRF protection is needed if changing to "none"
  path: "/", // the whole site: pages and API alike
} as const;

const COOKIE_NAME = "session-lab";

/** Over https the name gets `__Host-`: the browser then insists on Secure, Path=/ and no Domain, so a sibling subdomain cannot plant one. */
export function sessionCookie(request: Pick<IncomingRequest, "url" | "headers">) {
  const url = new URL(request.url);
  const https = isHttps(url, request.headers);
  return {
    name: https ? `__Host-${COOKIE_NAME}` : COOKIE_NAME,
    options: {
      ...SESSION_COOKIE_OPTIONS,
      secure: canUseSecureCookies(url, request.headers),
      maxAge: env().COOKIE_SESSION_TTL_SECONDS,
    },
  };
}

/** iron-session's password map; the highest id seals, every id still opens. */
export function sealPasswords(): Record<string, string> {
  return { 1: env().IRON_SESSION_PASSWORD };
}
