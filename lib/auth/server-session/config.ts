import "server-only";
import { env } from "../../env";
import { siteCookie } from "../../origin";
import { cookieCopies, readCredentialCookie, type CredentialCookie, type IncomingRequest } from "../../request";

/** The cookie carries only `id.secret`; everything else stays on the server. */
const COOKIE_NAME = "session-lab.sid";

/**
 * How often, at most, the idle expiry is pushed forward, so that a busy session is not a
 * write per request: every 5 minutes, or every half of the idle limit when that is shorter
 * (it can be set as low as 60 s), so a session in use never idles out between two touches.
 */
export function touchIntervalMs(idleMs: number): number {
  return Math.min(5 * 60 * 1000, idleMs / 2);
}

/**
 * How long the secret a change of role replaced is still accepted: requests sent with it
 * before the new cookie arrived (parallel calls, another tab) get in, and are not signed out.
 */
export const PREVIOUS_SECRET_GRACE_MS = 10_000;

/** Idle and absolute lifetimes, from the environment. */
export function sessionLifetimes() {
  const { SERVER_SESSION_IDLE_SECONDS, SERVER_SESSION_TTL_SECONDS } = env();
  return { idleMs: SERVER_SESSION_IDLE_SECONDS * 1000, absoluteMs: SERVER_SESSION_TTL_SECONDS * 1000 };
}

/** This request's cookie name (`__Host-` prefixed over https) and attributes (HttpOnly, SameSite=Lax, Path=/, Secure). */
export function sessionCookie(request: Pick<IncomingRequest, "url" | "headers">) {
  return siteCookie(request, COOKIE_NAME, env().SERVER_SESSION_TTL_SECONDS);
}

/** The session cookie this request carried; `malformed` when it came more than once. */
export function readSessionCookie(request: Pick<IncomingRequest, "url" | "headers">): CredentialCookie {
  return readCredentialCookie(request, sessionCookie(request).name);
}

/** Every copy of the session cookie this request carried, for a logout to end them all. */
export function sessionCookieCopies(request: Pick<IncomingRequest, "url" | "headers">): string[] {
  return cookieCopies(request, sessionCookie(request).name);
}
