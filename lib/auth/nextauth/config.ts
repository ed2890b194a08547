import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "../../env";
import { logUnexpected } from "../../errors";
import { atMostCopies, carriedCookies, MAX_COOKIE_COPIES, type CarriedCookie, type CredentialCookie, type IncomingRequest } from "../../request";
import { authorizeCredentials, decodeSessionToken, isServerFault, jwtCallback, redirectCallback, sessionCallback } from "./session";

/** How long a session lasts without activity; each read through /api/auth/session rolls it on. */
export const sessionMaxAgeSeconds = () => env().NEXTAUTH_SESSION_TTL_SECONDS;

/**
 * Written down because next-auth asks for it, but it only throttles *database*
 * sessions: with the jwt strategy, next-auth 4 re-issues the cookie on every
 * /api/auth/session read, whatever this says.
 */
export const SESSION_UPDATE_AGE_SECONDS = 15 * 60;

/** next-auth's session cookie: `__Secure-` prefixed when the public origin is https. */
export function sessionCookieName(): string {
  return usesSecureCookies() ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

/** Where next-auth keeps the URL to return to after sign-in; prefixed like the session's. */
export function callbackUrlCookieName(): string {
  return usesSecureCookies() ? "__Secure-next-auth.callback-url" : "next-auth.callback-url";
}

// next-auth's comparator, as it is written (no radix, no check): the number after a name's
// last dot. The whole cookie's name has none, and sort counts a NaN comparison as equal; the
// same comparator over the cookies in the header's order, as next-auth gets them, sorts as it does.
const chunkNumber = ({ name }: CarriedCookie) => parseInt(name.split(".").pop() ?? "0");
const byChunkNumber = (a: CarriedCookie, b: CarriedCookie) => chunkNumber(a) - chunkNumber(b);

/**
 * The cookies that carry the session, by next-auth's own rule (`SessionStore` in
 * next-auth/core/lib/cookie.js): every cookie whose name starts with the session cookie's —
 * the cookie itself, or past 4 KB the chunks it was split into (`name.0`, `name.1`, …) —
 * ordered as next-auth orders them, to be joined. Any narrower rule reads a session next-auth
 * reads (`name.1` alone) as none: the guard said 401 where next-auth said signed in, and a
 * sign-out revoked nothing. Each copy of a repeated name is here on its own (next-auth, through
 * `request.cookies`, sees the last).
 */
export function sessionCookieChunks(request: Pick<IncomingRequest, "headers">): CarriedCookie[] {
  const name = sessionCookieName();
  return carriedCookies(request, (carried) => carried.startsWith(name)).sort(byChunkNumber);
}

/**
 * The session cookie's value, its chunks joined as next-auth joins them. A name that came more
 * than once is `malformed`, as for every credential cookie (lib/request.ts).
 */
export function readSessionCookie(request: Pick<IncomingRequest, "headers">): CredentialCookie {
  const chunks = sessionCookieChunks(request);
  if (new Set(chunks.map(({ name }) => name)).size < chunks.length) return { value: null, reason: "malformed" };
  const value = chunks.map((chunk) => chunk.value).join("");
  return value ? { value } : { value: null, reason: "missing" };
}

/**
 * Every session token the request could be said to carry, for a sign-out to end them all: the
 * chunks joined as next-auth joins them (from the last copy of each name, which is what it
 * reads, and from the first), and each cookie on its own, for a name repeated or a chunk
 * tossed in beside a whole cookie.
 */
export function sessionTokenCandidates(request: Pick<IncomingRequest, "headers">): string[] {
  // At most four chunks fit in Node's 16 KB of headers: twice that leaves room for copies, no more.
  const chunks = atMostCopies(sessionCookieChunks(request), sessionCookieName(), 2 * MAX_COOKIE_COPIES);
  const joined = (copies: Map<string, string>) => [...copies.values()].join("");
  const first = new Map<string, string>();
  const last = new Map<string, string>();
  for (const { name, value } of chunks) {
    if (!first.has(name)) first.set(name, value);
    last.set(name, value);
  }
  return [...new Set([joined(last), joined(first), ...chunks.map(({ value }) => value)])].filter(Boolean);
}

const usesSecureCookies = () => env().NEXTAUTH_URL?.startsWith("https://") ?? false;

let options: AuthOptions | undefined;

// What next-auth logs when a session cookie it read fails: in its session read, at sign-out.
const COOKIE_READS = new Set(["JWT_SESSION_ERROR", "SIGNOUT_ERROR"]);

/**
 * The next-auth configuration: Credentials against the same user store, and the
 * `jwt` strategy (the session is an encrypted JWT, JWE dir/A256GCM, in an HttpOnly cookie).
 * Built on first use, so that `next build` needs no secrets.
 */
export function authOptions(): AuthOptions {
  options ??= {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds(), updateAge: SESSION_UPDATE_AGE_SECONDS },
    // jwt.maxAge too: next-auth signs the first cookie with it (default 30 days!), not with session.maxAge.
    jwt: { decode: decodeSessionToken, maxAge: sessionMaxAgeSeconds() },
    useSecureCookies: usesSecureCookies(),
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Session Lab",
        credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
        authorize: authorizeCredentials,
      }),
    ],
    callbacks: { jwt: jwtCallback, session: sessionCallback, redirect: redirectCallback },
    // No events.signOut: next-auth swallows what it throws. The route revokes once next-auth has
    // answered, before the answer leaves (revokeOnSignOut).
    pages: { signIn: "/nextauth", error: "/nextauth" },
    // next-auth's default logger prints whole error objects; log what went wrong by name alone.
    logger: {
      error: (code, metadata) => {
        if (COOKIE_READS.has(code) && !isServerFault(metadata)) return;
        if (metadata instanceof Error) return logUnexpected(metadata, `in next-auth (${code})`);
        console.error(`[next-auth] error ${code}`);
      },
      warn: (code) => {
        if (code !== "NEXTAUTH_URL" && code !== "DEBUG_ENABLED") console.warn(`[next-auth] warning ${code}`);
      },
      debug: () => {},
    },
  };
  return options;
}
