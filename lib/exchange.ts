import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { cookies } from "next/headers";
import { NextResponse } from "next/server";

/**
 * What one API exchange cost and carried, for the request inspector: the time spent
 * checking the credential (as a standard `Server-Timing` header) and, when the client
 * asks for it, a description of the credentials that came in and went out — names,
 * sizes and attributes, never a value long enough to use.
 */
interface Exchange {
  metrics: Metric[];
  cookiesSet: CookieSet[];
}

interface Metric {
  name: string;
  description: string;
  milliseconds: number;
}

interface CookieSet {
  name: string;
  bytes: number;
  attributes: string;
  cleared: boolean;
}

/** The request header a client sends to get {@link WIRE_HEADER} back; nothing else asks for it. */
const INSPECT_HEADER = "session-lab-inspect";
/** The response header that describes the credentials on the wire (JSON). */
const WIRE_HEADER = "Session-Lab-Wire";

const PREVIEW_LENGTH = 6;
// A request may carry hundreds of cookies; the description stays a header a client can read.
const MAX_DESCRIBED_COOKIES = 16;

const current = new AsyncLocalStorage<Exchange>();

/**
 * Runs `work` as one metric of the current exchange (`auth`, `revocation`, …), described
 * by a string or by what `work` returned. Outside an exchange (pages, tests) it only runs `work`.
 *
 * @example
 * const result = await timed("auth", "jwtVerify", () => jwtVerify(token, key, options));
 */
export async function timed<T>(name: string, description: string | ((result: T) => string), work: () => Promise<T>): Promise<T> {
  const exchange = current.getStore();
  if (!exchange) return work();
  const started = performance.now();
  const result = await work();
  const milliseconds = performance.now() - started;
  exchange.metrics.push({ name, description: typeof description === "string" ? description : description(result), milliseconds });
  return result;
}

/**
 * Sets a cookie on the response being built (through `cookies()`, which adds it only
 * after the handler returns) and notes it for the inspector.
 */
export async function setCookie(name: string, value: string, options: CookieOptions): Promise<void> {
  (await cookies()).set(name, value, options);
  current.getStore()?.cookiesSet.push(describeSetCookie(setCookieLine(name, value, options)));
}

/**
 * The `Set-Cookie` line Next.js writes for `cookies().set(name, value, options)`, written by
 * the same serializer: the inspector shows the attributes that go out (`SameSite=lax`, an
 * `Expires` beside `Max-Age`), not a tidier rebuild of them.
 */
function setCookieLine(name: string, value: string, options: CookieOptions): string {
  const scratch = new NextResponse(null);
  scratch.cookies.set(name, value, options);
  return scratch.cookies.toString();
}

interface CookieOptions {
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: "lax" | "strict" | "none" | boolean;
  path?: string;
  maxAge?: number;
  expires?: Date;
}

/**
 * Handles one API request as an exchange: adds `Server-Timing` to the response, and the
 * wire description when the request carried {@link INSPECT_HEADER}.
 */
export async function inExchange(request: Request, handle: () => Promise<Response>): Promise<Response> {
  const exchange: Exchange = { metrics: [], cookiesSet: [] };
  const response = await current.run(exchange, handle);
  const headers: Record<string, string> = {};
  if (exchange.metrics.length > 0) headers["Server-Timing"] = serverTiming(exchange.metrics);
  if (request.headers.get(INSPECT_HEADER) === "1") headers[WIRE_HEADER] = JSON.stringify(describeWire(request, response, exchange));
  return withHeaders(response, headers);
}

/** W3C Server Timing: `auth;dur=0.090;desc="jwtVerify", revocation;dur=0.004;desc="sqlite"`. */
function serverTiming(metrics: readonly Metric[]): string {
  return metrics
    .map(({ name, description, milliseconds }) => `${name};dur=${milliseconds.toFixed(3)};desc="${description.replace(/[",\\]/g, " ")}"`)
    .join(", ");
}

function describeWire(request: Request, response: Response, exchange: Exchange) {
  const authorization = request.headers.get("authorization");
  const cookieHeader = request.headers.get("cookie");
  const cookies = cookieHeader ? parseCookieHeader(cookieHeader) : [];
  return {
    request: {
      authorization: authorization ? describeAuthorization(authorization) : null,
      cookieHeaderBytes: cookieHeader ? byteLength(cookieHeader) : 0,
      cookies: cookies.slice(0, MAX_DESCRIBED_COOKIES),
      cookiesNotDescribed: Math.max(0, cookies.length - MAX_DESCRIBED_COOKIES),
    },
    response: {
      setCookies: [...response.headers.getSetCookie().map(describeSetCookie), ...exchange.cookiesSet],
    },
  };
}

/**
 * `Bearer eyJ…` as its scheme and a preview of the credential. A header with no short word
 * before a space or tab is all credential (a bare token, say): it gets a preview too, and
 * no scheme, so no part of a token is ever shown whole.
 */
function describeAuthorization(header: string) {
  const [, scheme = "", credential = header] = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,20})[ \t]+(.*)$/s.exec(header) ?? [];
  return { scheme, bytes: byteLength(header), preview: preview(credential) };
}

// The raw header text, not `request.cookies`: Next.js decodes cookie values, and the
// inspector reports the bytes that really travelled.
function parseCookieHeader(header: string) {
  return header
    .split(";")
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const separator = pair.indexOf("=");
      const name = separator === -1 ? "" : pair.slice(0, separator);
      const value = separator === -1 ? pair : pair.slice(separator + 1);
      return { name: preview(name, 64), bytes: byteLength(pair), preview: preview(value) };
    });
}

/**
 * A `Set-Cookie` line taken apart: the cookie's name and value, and its attributes as written.
 *
 * @example
 * const cleared = response.headers.getSetCookie().map(readSetCookie).some(({ value }) => value === "");
 */
export function readSetCookie(line: string): { name: string; value: string; attributes: string[] } {
  const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
  const separator = pair.indexOf("=");
  return separator === -1 ? { name: pair, value: "", attributes } : { name: pair.slice(0, separator), value: pair.slice(separator + 1), attributes };
}

/** A `Set-Cookie` line as the inspector shows it: the value replaced by its size. */
function describeSetCookie(line: string): CookieSet {
  const { name, value, attributes } = readSetCookie(line);
  const attribute = (key: string) => {
    const found = attributes.findLast((text) => text.toLowerCase().startsWith(`${key}=`));
    return found?.slice(key.length + 1).trim();
  };
  const maxAge = attribute("max-age");
  const expires = attribute("expires");
  return {
    name,
    bytes: byteLength(`${name}=${value}`),
    attributes: attributes.join("; "),
    cleared: isCleared(
      value,
      maxAge !== undefined && /^-?\d+$/.test(maxAge) ? Number(maxAge) : undefined, // a browser ignores any other Max-Age
      expires === undefined ? undefined : new Date(expires),
    ),
  };
}

/**
 * Whether a `Set-Cookie` takes the cookie away. The browser's rule (RFC 6265bis 5.6): a
 * `Max-Age` of zero or less removes it, and wins over `Expires`; without one, an `Expires`
 * already past does. An empty value is how every approach here clears a cookie, so it
 * counts too, whatever the dates say.
 */
function isCleared(value: string, maxAge: number | undefined, expires: Date | undefined): boolean {
  if (value === "") return true;
  if (maxAge !== undefined) return maxAge <= 0;
  return expires !== undefined && expires.getTime() <= Date.now();
}

/**
 * The first few characters (the client adds the ellipsis): enough to tell `Fe26.2` from
 * `eyJhbG`, never enough to use. Printable ASCII only, as a header value must be.
 */
function preview(value: string, length = PREVIEW_LENGTH): string {
  return value.slice(0, length).replace(/[^\x20-\x7e]/g, "?");
}

function byteLength(text: string): number {
  return Buffer.byteLength(text);
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  if (Object.keys(headers).length === 0) return response;
  try {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  } catch {
    // Some responses (redirects) have immutable headers: copy them into a new one.
    const copy = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
    return copy;
  }
}
