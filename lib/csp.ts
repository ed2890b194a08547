import "server-only";
import { env } from "./env";
import { isHttps } from "./origin";

/**
 * The pages' Content-Security-Policy. Scripts run only with this response's nonce
 * (and what they load, 'strict-dynamic'): an injected <script> has no nonce, so XSS
 * cannot run — which is what keeps the JWT column's in-memory token out of reach.
 */
function contentSecurityPolicy(
  nonce: string,
  { development, https, connect = [] }: { development: boolean; https: boolean; connect?: readonly string[] },
): string {
  return [
    "default-src 'self'",
    // React needs eval in development only, to rebuild server error stacks.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'", // styles cannot run code; Next injects a few inline ones
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // The second service the JWT column calls, and the dev server's hot reload.
    ["connect-src 'self'", ...connect, ...(development ? ["ws:"] : [])].join(" "),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** A fresh nonce and the policy for one page request. */
export function pagePolicy(request: { url: string; headers: Pick<Headers, "get"> }) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce, {
    development: process.env.NODE_ENV === "development",
    https: isHttps(new URL(request.url), request.headers),
    connect: secondServiceOrigins(),
  });
  return { nonce, policy };
}

function secondServiceOrigins(): string[] {
  const url = env().RESOURCE_SERVER_URL;
  return url ? [new URL(url).origin] : [];
}
