import "server-only";
import type http from "node:http";
import { parseAndValidateFlightRouterState } from "next/dist/server/app-render/parse-and-validate-flight-router-state";
import { bearerChallenge } from "./challenge";
import { env } from "./env";
import { requestedOrigin } from "./origin";
import securityHeaders from "./security-headers.json";
import { PAGE_METHODS, targetOf, type Target } from "./routes";

export interface Refusal {
  status: 400 | 405 | 501;
  title: string;
  detail: string;
  /** A 405's `Allow` header: what the path does answer. */
  allow?: string;
  /** A `WWW-Authenticate` challenge, for a refusal about the credential. */
  challenge?: string;
}

/**
 * Headers a request may carry once only, whose second copy Node drops without a word: a proxy
 * in front that read the other copy would disagree with this app about which site was asked
 * for (RFC 9112 §3.2: 400), or whose credential this is.
 */
const SINGLE_HEADERS: Record<string, string> = { host: "Host", authorization: "Authorization" };

/** The methods Next.js routes (TRACE is not one: see below). */
const ROUTED_METHODS = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]);

/**
 * Requests that Next.js itself answers badly (a 500, a stack trace in the log, a bare 400 or
 * 405), before `proxy.ts` or any route runs, so no code of this app could refuse them:
 * - `TRACE`: Next.js makes a fetch `Request` of every request, and fetch forbids that
 *   method, so each one throws (a stack trace in the log, per request, for anyone);
 * - other methods Node parses but Next.js does not route (`PROPFIND`, `LOCK`, `SEARCH`…):
 *   an empty 400;
 * - a path whose percent-encoding is broken (`/api/auth/%ZZ`): decoding the route's
 *   parameters throws;
 * - a request target that is not a path: `*` (as in `OPTIONS *`) fails to parse as a URL,
 *   a 500 and a stack trace per request; an absolute URL (`GET http://evil.example/x`, the
 *   form clients send to proxies) got a redirect to that other site, from Next.js's slash
 *   normalising. This app is no proxy and has no server-wide options: both are refused;
 * - a `Next-Router-State-Tree` header (the client router's, on page navigations) that Next.js
 *   cannot parse: a 500, or a redirect, and a stack trace in the log per request, for anyone.
 *   It is checked with Next.js's own parser;
 * - a `Next-Action` header: this app has no server actions, and Next.js logs the ID a request
 *   names, as sent, when it finds no such action: anyone could write into the log. Nor a
 *   multipart POST to a page, which Next.js takes for a form's server action without that
 *   header: a 409 and three lines of log, with a stack frame, per request;
 * - a `Host`, `X-Forwarded-Host` or `X-Forwarded-Proto` that names no http(s) origin
 *   (`Host: a b`): a page builds its own URL from them (lib/request.ts), which failed with a
 *   500 and the header's value in the log;
 * - a method a route handler does not export: Next.js answers a bare 405, without the
 *   `Allow` header HTTP requires on one; here it lists what the route exports (lib/routes.ts),
 *   except in development;
 * - a method a page does not take (lib/routes.ts): Next.js renders the page for a `DELETE`
 *   with a 200, and answers `OPTIONS` with an empty 400; here a 405 lists what it does take;
 * - a second `Host` or `Authorization` header (see SINGLE_HEADERS), which Node drops unseen.
 * Refused where the HTTP server hands a request to Next.js (lib/incoming.ts), they get a
 * problem in the shape of every other error and go no further. A reverse proxy in front
 * often refuses TRACE too (nginx does); this holds without one.
 */
export function refusalOf({
  method = "",
  url = "/",
  headers = {},
  rawHeaders = [],
}: Pick<http.IncomingMessage, "method" | "url"> & { headers?: http.IncomingHttpHeaders; rawHeaders?: readonly string[] }): Refusal | null {
  // 501, not 405: no path here supports these, and a 405 must list what a path does support.
  if (!ROUTED_METHODS.has(method)) return { status: 501, title: "Not Implemented", detail: "This server does not support that method." };
  if (!url.startsWith("/")) return { status: 400, title: "Bad Request", detail: "The request target must be a path, such as /api/health." };
  const path = url.split("?", 1)[0] ?? "";
  if (path.includes("%") && !decodes(path)) {
    return { status: 400, title: "Bad Request", detail: "The path's percent-encoding is not valid." };
  }
  if (!routerStateParses(headers["next-router-state-tree"])) {
    return { status: 400, title: "Bad Request", detail: "The Next-Router-State-Tree header is not valid." };
  }
  const target = targetOf(path);
  // A multipart POST to any path no route handler answers: a page, or one Next.js would route as a page.
  if (headers["next-action"] !== undefined || (method === "POST" && isMultipart(headers["content-type"]) && target?.kind !== "route")) {
    return { status: 400, title: "Bad Request", detail: "This app has no server actions." };
  }
  const repeated = repeatedSingleHeader(rawHeaders);
  if (repeated) {
    const detail = `Send the ${repeated} header once.`;
    return { status: 400, title: "Bad Request", detail, ...(repeated === "Authorization" ? { challenge: bearerChallenge("invalid_request") } : {}) };
  }
  if (requestedOrigin(readable(headers)) === null) {
    return { status: 400, title: "Bad Request", detail: "The Host and X-Forwarded-* headers must name an http or https origin." };
  }
  const allowed = allowedAt(target);
  if (allowed && !allowed.includes(method)) {
    return { status: 405, title: "Method Not Allowed", detail: `Use ${allowed.join(", ")}.`, allow: allowed.join(", ") };
  }
  return null;
}

/**
 * What a 405 at this target lists, or null to let Next.js answer. A page's methods hold in
 * development too. A route handler's exports may have changed in development since `npm run
 * generate` read them: there Next.js answers, as it would anyway.
 */
function allowedAt(target: Target | null): readonly string[] | null {
  if (target?.kind === "page") return PAGE_METHODS;
  return target && env().NODE_ENV !== "development" ? target.methods : null;
}

/** The first of {@link SINGLE_HEADERS} that `rawHeaders` (name, value, name, value…) holds twice, as written there. */
function repeatedSingleHeader(rawHeaders: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]?.toLowerCase() ?? "";
    if (!Object.hasOwn(SINGLE_HEADERS, name)) continue;
    if (seen.has(name)) return SINGLE_HEADERS[name];
    seen.add(name);
  }
  return undefined;
}

// Next.js's own test (server-action-request-meta.js), lowercased: a page POST it treats as an action.
const isMultipart = (contentType: string | undefined) => contentType?.toLowerCase().startsWith("multipart/form-data") ?? false;

const oneValue = (value: string | string[] | undefined) => (typeof value === "string" ? value : null);

/** Node's request headers, read the way a fetch `Headers` reads them (what lib/origin.ts takes). */
export const readable = (headers: http.IncomingHttpHeaders): Pick<Headers, "get"> => ({ get: (name) => oneValue(headers[name]) });

function routerStateParses(header: string | string[] | undefined): boolean {
  try {
    parseAndValidateFlightRouterState(header);
    return true;
  } catch {
    return false;
  }
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The shape of every error this app sends (lib/http.ts), written to Node's own response, with
 * the headers next.config.js gives every API answer (lib/security-headers.json).
 */
export function refuse(response: http.ServerResponse, { status, title, detail, allow, challenge }: Refusal, overHttps: boolean): void {
  const { everyResponse, dataPolicy, overHttps: hsts } = securityHeaders;
  response.writeHead(status, {
    ...Object.fromEntries([...everyResponse, dataPolicy, ...(overHttps ? [hsts] : [])].map(({ key, value }) => [key, value])),
    "Content-Type": "application/problem+json",
    "Cache-Control": "no-store",
    ...(allow ? { Allow: allow } : {}),
    ...(challenge ? { "WWW-Authenticate": challenge } : {}),
  });
  response.end(JSON.stringify({ type: "about:blank", title, status, detail }));
}
