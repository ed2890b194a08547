import "server-only";
import { readSetCookie } from "../../exchange";
import { problem } from "../../http";
import type { IncomingRequest } from "../../request";
import { callbackUrlCookieName, readSessionCookie, sessionCookieChunks, sessionCookieName } from "./config";
import { endRequestSession } from "./guard";

// What app/api/auth/[...nextauth]/route.ts does around next-auth's own handler: before it,
// refuse what next-auth would answer with a 500; after it, make its sign-in and sign-out revoke.

/** next-auth's own test of a callback URL (core/lib/assert.js); it answers any other with a 500. */
function isHttpUrl(value: string, base: string): boolean {
  try {
    return /^https?:/.test(new URL(value, value.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

// What Node lets into a header value: next-auth writes its error page's `error` into a
// Location header as it came, and any other character there (a control character, anything
// past U+00FF) is a 500.
const HEADER_SAFE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Answers with a 400 the input next-auth itself would answer with a 500: a `callbackUrl`
 * that is no http(s) URL (`javascript:…`), in the query or in its cookie, or that is no
 * string at all, in a JSON body; and an `error` for its error page that no header can hold.
 * It reads each the way next-auth does (the last of repeated query parameters; `error` from
 * the path when the query has none). A bad cookie is cleared by that answer: it may have been
 * planted, and next-auth would refuse every request that carries it.
 *
 * @example
 * const refused = refuseWhatNextAuthCannotRead(request, segments, await peekJsonBody(request));
 * if (refused) return refused;
 */
export function refuseWhatNextAuthCannotRead(request: IncomingRequest, [action, segment]: string[], jsonBody?: unknown): Response | null {
  const url = new URL(request.url);
  const base = url.origin;
  const query = Object.fromEntries(url.searchParams); // next-auth's own reading: the last one wins
  if (query.callbackUrl && !isHttpUrl(query.callbackUrl, base)) {
    return problem({ status: 400, title: "Bad Request", detail: "callbackUrl must be a path on this site or an http(s) URL." });
  }
  // A body's callbackUrl goes before the query's, as it is, to the redirect callback, which
  // takes a string: a number, an array or an object there is a 500 (a string that leads off
  // the site, the callback itself turns back).
  const fromBody = typeof jsonBody === "object" && jsonBody !== null ? (jsonBody as { callbackUrl?: unknown }).callbackUrl : undefined;
  if (fromBody && typeof fromBody !== "string") {
    return problem({ status: 400, title: "Bad Request", detail: "callbackUrl must be a string." });
  }
  const cookie = callbackUrlCookieName();
  const stored = request.cookies.get(cookie)?.value;
  if (stored && !isHttpUrl(stored, base)) {
    const secure = cookie.startsWith("__Secure-") ? "; Secure" : "";
    const clear = `${cookie}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`;
    const detail = `The ${cookie} cookie held no URL. This answer tells the browser to delete it: then try again.`;
    return problem({ status: 400, title: "Bad Request", detail, headers: { "Set-Cookie": clear } });
  }
  if (action === "error" && !HEADER_SAFE.test(query.error ?? segment ?? "")) {
    return problem({ status: 400, title: "Bad Request", detail: "error holds a character no HTTP header can." });
  }
  return null;
}

/**
 * Makes every copy of a signed-out session useless, once next-auth has signed it out and
 * before its answer leaves. Not in next-auth's `signOut` event: next-auth catches whatever
 * the event throws, logs SIGNOUT_ERROR and answers success, so with the store down the
 * sign-out would look done while copies kept working. Here a store failure throws, the
 * answer is dropped with the cookie it clears (503), and the column can try again. When
 * next-auth did not sign out (its CSRF check failed), its answer clears nothing and nothing
 * is revoked: what it says, "nothing changed", stays true. A session cookie whose name came
 * twice is the exception to reading its answer's cookies: next-auth read the last copy, and
 * when that one was empty (a tossed `name=`) it signed out clearing nothing, while the user's
 * copy lived on. So there every copy is ended, whatever next-auth answered: the request is a
 * sign-out from this site (checked before next-auth ran), and its answer cannot be trusted to
 * say whether it signed out (a callbackUrl of the caller's can read like any answer).
 *
 * @example
 * const answer = await NextAuth(request, context, authOptions());
 * await revokeOnSignOut(request, answer);
 */
export async function revokeOnSignOut(request: IncomingRequest, answer: Response): Promise<void> {
  const ambiguous = readSessionCookie(request).reason === "malformed";
  if (ambiguous || clearsSessionCookie(request, answer)) await endRequestSession(request);
}

/**
 * Ends the session a sign-in's request carried, whoever's it was, once next-auth has signed
 * someone in and before its answer leaves (OWASP session management: on login, invalidate the
 * previous session): next-auth replaces the browser's cookie, but a copy of the old one would
 * go on working until it expired. Here, as for sign-out, a store failure throws and the
 * answer is dropped with its new cookie (503); nothing was stored for that cookie, so the
 * retry starts afresh. Not in the `authorize` callback, which runs before next-auth has
 * decided anything and sees the request's cookies only as a raw header. When next-auth did
 * not sign in (a wrong password, too many attempts, a failed CSRF check), its answer sets no
 * session cookie and nothing ends.
 *
 * @example
 * const answer = await NextAuth(request, context, authOptions());
 * await revokeOnSignIn(request, answer);
 */
export async function revokeOnSignIn(request: IncomingRequest, answer: Response): Promise<void> {
  if (setsSessionCookie(answer)) await endRequestSession(request);
}

/** Whether `answer` sets a session cookie (or a chunk of one) with a value: next-auth's sign-in. */
function setsSessionCookie(answer: Response): boolean {
  const session = sessionCookieName();
  return answer.headers
    .getSetCookie()
    .map(readSetCookie)
    .some(({ name, value }) => value !== "" && (name === session || name.startsWith(`${session}.`)));
}

/** Whether `answer` empties the session cookie (or a chunk of it) that `request` carried: next-auth's sign-out. */
function clearsSessionCookie(request: IncomingRequest, answer: Response): boolean {
  const carried = new Set(sessionCookieChunks(request).map((chunk) => chunk.name));
  return answer.headers.getSetCookie().map(readSetCookie).some(({ name, value }) => carried.has(name) && value === "");
}
