import { NextResponse, type NextRequest } from "next/server";
import { readSessionCookie as readSealedCookie } from "@/lib/auth/cookie/config";
import { getCookieUser } from "@/lib/auth/cookie/guard";
import { readBearerToken } from "@/lib/auth/jwt/guard";
import { readSessionCookie as readNextAuthCookie } from "@/lib/auth/nextauth/config";
import { getNextAuthUser } from "@/lib/auth/nextauth/guard";
import { readSessionCookie as readServerSessionCookie } from "@/lib/auth/server-session/config";
import { getServerSessionUser } from "@/lib/auth/server-session/guard";
import { inExchange } from "@/lib/exchange";
import { errorResponse } from "@/lib/http";
import { pagePolicy } from "@/lib/csp";
import { AuthError } from "@/lib/errors";
import { safeNextPath } from "@/lib/origin";

/**
 * A first pass only, to answer early: anonymous visitors to a protected page are
 * sent to sign in, and API calls with no credential at all get their 401 here.
 * Every route handler and page checks again where the data is read, so a request
 * that slips past this file still gets nowhere. Pages also get their
 * Content-Security-Policy here, with a nonce fresh for each request.
 */
export async function proxy(request: NextRequest) {
  try {
    const early = asksForMethods(request) ? null : await firstPass(request);
    return early ?? (isPage(request) ? withContentSecurityPolicy(request) : NextResponse.next());
  } catch (error) {
    return errorResponse(error); // e.g. the session store is down: 503, never a pass
  }
}

const isPage = ({ nextUrl: { pathname } }: NextRequest) => pathname !== "/api" && !pathname.startsWith("/api/");

// The router prefetches account pages before sign-in and keeps what it got: a redirect to
// sign-in here would be kept too, and replayed after signing in. Such a request gets the
// same checks (a store outage is still a 503 here) but no redirect; the page itself still
// checks the session.
const isPrefetch = (request: NextRequest) =>
  request.headers.has("next-router-prefetch") || request.headers.get("purpose") === "prefetch";

// OPTIONS asks which methods a path takes, and gets no data: the same answer signed in or not.
const asksForMethods = (request: NextRequest) => request.method === "OPTIONS";

/** Next.js reads the nonce from the request's CSP header and puts it on its own scripts. */
function withContentSecurityPolicy(request: NextRequest) {
  const { policy } = pagePolicy(request);
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

// Each approach's account page, the guard its page calls too, and where to sign in.
const ACCOUNT_PAGES = [
  ["/cookie/account", getCookieUser, "/cookie"],
  ["/nextauth/account", getNextAuthUser, "/nextauth"],
  ["/server-session/account", getServerSessionUser, "/server-session"],
] as const;

// Whole path segments: "/cookie/account" and what lies under it, not "/cookie/accounts".
const isAtOrUnder = (pathname: string, page: string) => pathname === page || pathname.startsWith(`${page}/`);

async function firstPass(request: NextRequest): Promise<Response | null> {
  const { pathname } = request.nextUrl;

  // An account page gets the whole check here, the store's included, not a look at its
  // cookie alone: a page cannot pick its own status, so this is where a revoked session is
  // sent to sign in before anything renders, and where a store outage answers 503 rather
  // than an error page. The page checks again, where it reads the data.
  for (const [page, getUser, signInPath] of ACCOUNT_PAGES) {
    if (isAtOrUnder(pathname, page) && !(await getUser(request)).user) return signInRedirectUnlessPrefetch(request, signInPath);
  }

  if (isSignedInApi(pathname, "jwt")) {
    const bearer = readBearerToken(request);
    if (bearer.token === null) return refuse(request, new AuthError(bearer.reason, "bearer"));
  }

  // The matcher sends these only without their cookie (or, for next-auth, with a chunk of it
  // alone): the 401 the guard would give, read by the guard's own reader.
  for (const [approach, readCookie, routes] of COOKIE_APIS) {
    if (!isSignedInApi(pathname, approach, routes)) continue;
    const cookie = readCookie(request);
    if (cookie.value === null) return refuse(request, new AuthError(cookie.reason, "cookie"));
  }

  return null;
}

// An exchange like any the handlers answer (lib/exchange.ts): asked for, the wire description
// comes with it, so the request inspector can show that no credential came.
const refuse = (request: NextRequest, error: AuthError) => inExchange(request, async () => errorResponse(error));

// The routes that answer only the signed-in, by their whole path under `/api/<approach>/`.
const SIGNED_IN_ROUTES = /^(me|admin|admin\/role|notes|notes\/[^/]+)$/;
const SERVER_SESSION_ROUTES = /^(me|admin|admin\/role|notes|notes\/[^/]+|sessions|sessions\/[^/]+)$/;

const COOKIE_APIS = [
  ["cookie", readSealedCookie, SIGNED_IN_ROUTES],
  ["nextauth", readNextAuthCookie, SIGNED_IN_ROUTES],
  ["server-session", readServerSessionCookie, SERVER_SESSION_ROUTES],
] as const;

/**
 * Whether `pathname` is one of an approach's routes that answer only the signed-in. A path
 * under one that no route takes (`/api/cookie/me/x`) is not: it is the API's 404, with a
 * credential or without, not a 401 that would say it needs one.
 */
function isSignedInApi(pathname: string, approach: string, routes = SIGNED_IN_ROUTES): boolean {
  const prefix = `/api/${approach}/`;
  return pathname.startsWith(prefix) && routes.test(pathname.slice(prefix.length));
}

/**
 * To the sign-in page, and back to this one after; for a prefetch, none (see isPrefetch).
 * The sign-in page must check `next` again, on the server (signInNotice, in
 * app/components/protected-page.tsx): a check in the browser lets `/%09/evil.example` by,
 * which the browser turns into `//evil.example`.
 */
function signInRedirectUnlessPrefetch(request: NextRequest, signInPath: string): Response | null {
  if (isPrefetch(request)) return null;
  const next = safeNextPath(`${request.nextUrl.pathname}${request.nextUrl.search}`, "/");
  const url = new URL(signInPath, request.url);
  url.search = new URLSearchParams({ next }).toString();
  return NextResponse.redirect(url);
}

// API calls reach the proxy only when they carry no credential at all: the only case
// it can answer early. A call with a credential goes straight to its handler, which
// verifies it once, so the first pass costs authenticated traffic nothing.
export const config = {
  matcher: [
    // Every page (for its CSP and, on account pages, the sign-in redirect); not static files.
    // Prefetches too: a request that says it is one can still get the whole HTML page.
    // /_next/image too: with no image optimizer, Next.js answers it with the not-found page.
    "/((?!api/|_next/static|icon.svg|favicon.ico|\\.well-known/).*)",
    { source: "/api/jwt/:path(me|admin|notes)/:rest*", missing: [{ type: "header", key: "authorization" }] },
    {
      source: "/api/cookie/:path(me|admin|notes)/:rest*",
      missing: [
        { type: "cookie", key: "session-lab" },
        { type: "cookie", key: "__Host-session-lab" },
      ],
    },
    {
      source: "/api/nextauth/:path(me|admin|notes)/:rest*",
      missing: [
        { type: "cookie", key: "next-auth.session-token" },
        { type: "cookie", key: "__Secure-next-auth.session-token" },
        { type: "cookie", key: "next-auth.session-token.0" },
        { type: "cookie", key: "__Secure-next-auth.session-token.0" },
      ],
    },
    {
      source: "/api/server-session/:path(me|admin|notes|sessions)/:rest*",
      missing: [
        { type: "cookie", key: "session-lab.sid" },
        { type: "cookie", key: "__Host-session-lab.sid" },
      ],
    },
  ],
};
