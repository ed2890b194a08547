import "server-only";
import http from "node:http";

let patched = false;

/**
 * Two kinds of request that Next.js itself answers with a 500, before `proxy.ts` or any
 * route runs, so no code of this app could refuse them:
 * - `TRACE`: Next.js makes a fetch `Request` of every request, and fetch forbids that
 *   method, so each one throws (a stack trace in the log, per request, for anyone);
 * - a path whose percent-encoding is broken (`/api/auth/%ZZ`): decoding the route's
 *   parameters throws.
 * Both are the client's mistake. Refused here, where the HTTP server hands a request to
 * Next.js, they get a 4xx problem and go no further. A reverse proxy in front often
 * refuses TRACE too (nginx does); this holds without one.
 */
export function refuseUnparsableRequests(): void {
  if (patched) return;
  patched = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      const refusal = refusalOf(request);
      if (refusal) {
        refuse(response, refusal);
        return true;
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  };
}

interface Refusal {
  status: 400 | 405;
  title: string;
  detail: string;
}

/** Exported for tests. */
export function refusalOf({ method, url = "/" }: Pick<http.IncomingMessage, "method" | "url">): Refusal | null {
  if (method === "TRACE") return { status: 405, title: "Method Not Allowed", detail: "TRACE is not supported." };
  const path = url.split("?", 1)[0] ?? "";
  if (path.includes("%") && !decodes(path)) {
    return { status: 400, title: "Bad Request", detail: "The path's percent-encoding is not valid." };
  }
  return null;
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The shape of every error this app sends (lib/http.ts), written to Node's own response. */
function refuse(response: http.ServerResponse, { status, title, detail }: Refusal): void {
  response.writeHead(status, {
    "Content-Type": "application/problem+json",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  response.end(JSON.stringify({ type: "about:blank", title, status, detail }));
}
