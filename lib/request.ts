import "server-only";
import { cookies, headers } from "next/headers";
import { RequestError } from "./errors";
import { requestedOrigin } from "./origin";

/**
 * What a guard needs to see of a request. A `NextRequest` (route handlers, the proxy)
 * is one; {@link pageRequest} builds one for server components.
 */
export interface IncomingRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Pick<Headers, "get">;
  readonly cookies: { get(name: string): { value: string } | undefined };
}

/** The request a server component is rendering, in the shape the guards take. */
export async function pageRequest(): Promise<IncomingRequest> {
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  // A request whose headers name no origin is refused before it reaches a page
  // (lib/unparsable.ts); what Next.js fills in itself when Host is missing may still be none.
  const origin = requestedOrigin(headerList) ?? "http://localhost";
  return { url: `${origin}/`, method: "GET", headers: headerList, cookies: cookieStore };
}

/** One cookie as the request carried it, its value decoded as `request.cookies` decodes it. */
export interface CarriedCookie {
  readonly name: string;
  readonly value: string;
}

/**
 * Every cookie whose name `matches`, in the order the Cookie header carried them, each copy of
 * a repeated name on its own. The raw header text, not `request.cookies`: Next.js keeps the
 * last copy of a name only, so a second cookie of the same name (tossed in from a sibling
 * subdomain, or sent in a second Cookie header, which Node joins to the first with `; `) would
 * silently decide what the first one meant. Split and decoded exactly as Next.js does, so a
 * value read here is one `request.cookies` could have given.
 *
 * @example
 * const names = carriedCookies(request, (name) => name.startsWith("next-auth.")).map(({ name }) => name);
 */
export function carriedCookies(request: Pick<IncomingRequest, "headers">, matches: (name: string) => boolean): CarriedCookie[] {
  const carried: CarriedCookie[] = [];
  for (const pair of request.headers.get("cookie")?.split(/; */) ?? []) {
    const separator = pair.indexOf("=");
    const name = separator === -1 ? pair : pair.slice(0, separator);
    if (!pair || !matches(name)) continue;
    try {
      carried.push({ name, value: separator === -1 ? "true" : decodeURIComponent(pair.slice(separator + 1)) });
    } catch {
      // Next.js drops a pair whose value is no valid percent-encoding, as if it had not come.
    }
  }
  return carried;
}

/**
 * The most copies of one cookie a logout looks up. A browser holds one per path or domain that
 * set it, so a few at most; a header of a thousand tossed in would be a thousand store lookups.
 */
export const MAX_COOKIE_COPIES = 4;

/**
 * Every distinct value of cookie `name` the request carried, in header order (see
 * {@link carriedCookies}), for a logout to end each. An empty value is how a cookie is cleared,
 * and carries nothing: it is left out. More than {@link MAX_COOKIE_COPIES} is a 400, and none
 * is looked up: ending some of them and answering success would leave the others alive.
 *
 * @example
 * for (const seal of cookieCopies(request, "session-lab")) await endSessionOf(seal);
 */
export function cookieCopies(request: Pick<IncomingRequest, "headers">, name: string): string[] {
  const values = new Set(carriedCookies(request, (carried) => carried === name).map(({ value }) => value));
  values.delete("");
  return atMostCopies([...values], name);
}

/**
 * `copies`, or a 400 when there are more than `most` of them.
 *
 * @example
 * for (const chunk of atMostCopies(chunks, "next-auth.session-token", 8)) …
 */
export function atMostCopies<T>(copies: T[], name: string, most = MAX_COOKIE_COPIES): T[] {
  if (copies.length <= most) return copies;
  throw new RequestError(400, "Bad Request", `The ${name} cookie came more than ${most} times, more than a browser holds: none of them was looked up.`);
}

/** A credential cookie's value, or why there is none to use. */
export type CredentialCookie = { value: string; reason?: never } | { value: null; reason: "missing" | "malformed" };

/**
 * The credential cookie `name`, for a check of who is signed in. A name that came more than
 * once is `malformed`, whatever its copies hold: nothing tells the user's copy from one tossed
 * in beside it, and picking one (Next.js picks the last) let the order of the header decide
 * who is signed in. A logout reads every copy instead ({@link cookieCopies}).
 *
 * @example
 * const seal = readCredentialCookie(request, "session-lab");
 * if (seal.value === null) throw new AuthError(seal.reason, "cookie");
 */
export function readCredentialCookie(request: Pick<IncomingRequest, "headers">, name: string): CredentialCookie {
  const copies = carriedCookies(request, (carried) => carried === name);
  if (copies.length > 1) return { value: null, reason: "malformed" }; // an empty one beside it too, as next-auth's reader counts it
  const value = copies[0]?.value;
  return value ? { value } : { value: null, reason: "missing" };
}
