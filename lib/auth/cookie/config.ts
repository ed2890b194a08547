import "server-only";
import { env } from "../../env";
import { siteCookie } from "../../origin";
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

/** This request's cookie name (`__Host-` prefixed over https) and full attributes. */
export function sessionCookie(request: Pick<IncomingRequest, "url" | "headers">) {
  const { name, secure } = siteCookie(request, COOKIE_NAME);
  return { name, options: { ...SESSION_COOKIE_OPTIONS, secure, maxAge: env().COOKIE_SESSION_TTL_SECONDS } };
}

/**
 * iron-session's password map: the current password under its id (the highest, so
 * it seals), and retired ones, which still open the seals made with them.
 */
export function sealPasswords(): Record<string, string> {
  const { IRON_SESSION_PASSWORD, IRON_SESSION_PASSWORD_ID, IRON_SESSION_PREVIOUS_PASSWORDS } = env();
  return { ...IRON_SESSION_PREVIOUS_PASSWORDS, [IRON_SESSION_PASSWORD_ID]: IRON_SESSION_PASSWORD };
}
