import "server-only";
import { env } from "./env";
import { CrossSiteError } from "./errors";
import { isLoopbackHost } from "./loopback";
import type { IncomingRequest } from "./request";

/** The first entry of an `X-Forwarded-*` header a chain of proxies may have made a list of. */
const firstForwarded = (headers: Pick<Headers, "get">, name: string) => headers.get(name)?.split(",")[0]?.trim();

/**
 * The origin the client asked for, `http(s)://host[:port]`: from the first proxy's
 * `X-Forwarded-Proto` and `X-Forwarded-Host` where sent, else http and `Host`. null when
 * they name no such origin (`Host: a b`, a host with a path or userinfo, a scheme other
 * than http or https): lib/unparsable.ts refuses such a request before Next.js.
 *
 * @example
 * requestedOrigin(new Headers({ host: "localhost:3000", "x-forwarded-proto": "https, http" })); // "https://localhost:3000"
 */
export function requestedOrigin(headers: Pick<Headers, "get">): string | null {
  const protocol = forwardedProtocol(headers) ?? "http";
  if (protocol !== "http" && protocol !== "https") return null;
  const host = asOriginHost(firstForwarded(headers, "x-forwarded-host") ?? headers.get("host") ?? "localhost", `${protocol}:`);
  return host === null ? null : `${protocol}://${host}`;
}

/**
 * The scheme the first proxy says the browser used, in lower case (`HTTPS, http` reads
 * "https"); undefined when no proxy says. Every "came over https?" in this app reads it
 * here, and next.config.js's HSTS rule matches the same values.
 */
export function forwardedProtocol(headers: Pick<Headers, "get">): string | undefined {
  return firstForwarded(headers, "x-forwarded-proto")?.toLowerCase();
}

/** True when the browser reached us over https (directly, or through a proxy that says so). */
export function isHttps(url: URL, headers: Pick<Headers, "get">): boolean {
  return (forwardedProtocol(headers) ?? url.protocol.replace(":", "")) === "https";
}

/**
 * Whether a session cookie goes out `Secure`: always in production, and otherwise where
 * browsers will store one (over https, and on http://localhost, a secure context).
 *
 * In production the answer cannot depend on what the request says: behind a proxy that
 * terminates TLS without sending `X-Forwarded-Proto`, every request looks like plain http,
 * and the cookies would go out without `Secure`. Serve production over https.
 */
export function canUseSecureCookies(url: URL, headers: Pick<Headers, "get">, production = env().NODE_ENV === "production"): boolean {
  return production || isHttps(url, headers) || isLoopbackHost(url.hostname);
}

/** A site-wide session cookie's attributes, written once for every approach that uses one. */
const SITE_COOKIE_OPTIONS = {
  httpOnly: true, // script cannot read it, so XSS cannot carry it off
  sameSite: "lax", // not sent on cross-site POSTs, but sent from sibling subdomains: changes still need assertSameOriginForChanges
  path: "/", // the whole site: pages and API alike
} as const;

/**
 * A site-wide session cookie's name and attributes for this request. Over https the
 * name gets `__Host-`: the browser then insists on Secure, Path=/ and no Domain, so a
 * sibling subdomain cannot plant one.
 */
export function siteCookie(request: Pick<IncomingRequest, "url" | "headers">, baseName: string, maxAge: number) {
  const url = new URL(request.url);
  return {
    name: isHttps(url, request.headers) ? `__Host-${baseName}` : baseName,
    options: { ...SITE_COOKIE_OPTIONS, secure: canUseSecureCookies(url, request.headers), maxAge },
  };
}

// HTTP's safe methods, which change nothing in this app: every other one may.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * {@link assertSameOrigin} for a request that may change something (any but a safe method):
 * what every guard of a credential the browser attaches by itself runs first.
 *
 * @example
 * assertSameOriginForChanges(request);
 */
export function assertSameOriginForChanges(request: Pick<IncomingRequest, "method" | "url" | "headers">): void {
  if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request);
}

/**
 * Refuses a state-changing request that a browser sent from another site (CSRF).
 *
 * Browsers label every cross-origin request with `Sec-Fetch-Site` and, for anything
 * but GET/HEAD, with `Origin`; either one from elsewhere is refused. A request with
 * neither comes from a non-browser client, which has no ambient cookies to abuse.
 */
export function assertSameOrigin(request: Pick<IncomingRequest, "url" | "headers">): void {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin") throw new CrossSiteError();

  const origin = request.headers.get("origin");
  if (origin === null) return;
  const own = new URL(request.url);
  const host = firstForwarded(request.headers, "x-forwarded-host") ?? request.headers.get("host") ?? own.host;
  let sent: URL;
  try {
    sent = new URL(origin);
  } catch {
    throw new CrossSiteError(); // includes the opaque "null" origin
  }
  // Exactly as a browser writes an origin (scheme, host, port, lower case): a parser reads past
  // userinfo, a path or capitals, but no browser sends them, so nothing that does is one.
  if (sent.origin !== origin) throw new CrossSiteError();
  if (sent.host !== asOriginHost(host, sent.protocol) || (sent.protocol === "https:") !== isHttps(own, request.headers)) {
    throw new CrossSiteError();
  }
}

/**
 * `host` written the way an origin writes it for `protocol` (lower case, no default port),
 * so that `Host: Lab.Example:443` matches `https://lab.example`; null for anything but a host.
 */
function asOriginHost(host: string, protocol: string): string | null {
  if (!/^[\w.:[\]-]+$/.test(host)) return null; // no userinfo, path or spaces to smuggle in
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return null;
  }
}

/**
 * A `next` parameter that is safe to redirect to: a same-site absolute path, or `fallback`.
 * Refuses `//host`, `/\host`, schemes, and anything the URL parser would move off-site,
 * including a path that only becomes `//host` once its dot segments go (`/.//host`).
 */
export function safeNextPath(next: string | null | undefined, fallback: string): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || /[\\\s\u0000-\u001f]/.test(next)) return fallback;
  const base = "http://session-lab.invalid";
  try {
    const url = new URL(next, base);
    // A browser reads a Location of `//host/…` as another site, whatever parser made it.
    if (url.origin !== base || url.pathname.startsWith("//")) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
