import "server-only";
import { env } from "../../env";
import { siteCookie } from "../../origin";
import { cookieCopies, readCredentialCookie, type CredentialCookie, type IncomingRequest } from "../../request";

const COOKIE_NAME = "session-lab";

/** This request's cookie name (`__Host-` prefixed over https) and attributes (HttpOnly, SameSite=Lax, Path=/, Secure). */
export function sessionCookie(request: Pick<IncomingRequest, "url" | "headers">) {
  return siteCookie(request, COOKIE_NAME, env().COOKIE_SESSION_TTL_SECONDS);
}

/** The sealed session cookie this request carried; `malformed` when it came more than once. */
export function readSessionCookie(request: Pick<IncomingRequest, "url" | "headers">): CredentialCookie {
  return readCredentialCookie(request, sessionCookie(request).name);
}

/** Every copy of the sealed session cookie this request carried, for a logout to end them all. */
export function sessionCookieCopies(request: Pick<IncomingRequest, "url" | "headers">): string[] {
  return cookieCopies(request, sessionCookie(request).name);
}

/**
 * iron-session's password map: the current password under its id (the highest, so
 * it seals), and retired ones, which still open the seals made with them.
 */
export function sealPasswords(): Record<string, string> {
  const { IRON_SESSION_PASSWORD, IRON_SESSION_PASSWORD_ID, IRON_SESSION_PREVIOUS_PASSWORDS } = env();
  return { ...IRON_SESSION_PREVIOUS_PASSWORDS, [IRON_SESSION_PASSWORD_ID]: IRON_SESSION_PASSWORD };
}
