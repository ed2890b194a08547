import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sealSession } from "@/lib/auth/cookie/session";
import { createSession } from "@/lib/auth/server-session/session";
import { safeNextPath } from "@/lib/origin";
import { signOutEverywhere, store, StoreUnavailableError } from "@/lib/store";
import type { User } from "@/lib/users";
import { config, proxy } from "@/proxy";
import { sessionCookie } from "./support/nextauth";
import { ORIGIN, request } from "./support/requests";
import { createUser } from "./support/users";

afterEach(() => vi.restoreAllMocks());

// Each approach's account page, where it sends a visitor to sign in, and a Cookie header
// that signs `user` in there (a throwaway user with the demo password: next-auth signs in).
const ACCOUNT_PAGES = [
  { page: "/cookie/account", signIn: "/cookie", cookieFor: async (user: User) => `session-lab=${(await sealSession(user)).seal}` },
  {
    page: "/nextauth/account",
    signIn: "/nextauth",
    cookieFor: async (user: User) => `next-auth.session-token=${(await sessionCookie(user.username)).value}`,
  },
  {
    page: "/server-session/account",
    signIn: "/server-session",
    cookieFor: async (user: User) => `session-lab.sid=${(await createSession(user, null)).token}`,
  },
];

const signedIn = async (cookieFor: (user: User) => Promise<string>) => {
  const user = createUser("member", "correct-horse-battery-staple");
  return { user, cookie: await cookieFor(user) };
};

// The two ways a prefetch says what it is.
const PREFETCHES: Record<string, string>[] = [{ "next-router-prefetch": "1" }, { purpose: "prefetch" }];

/** True when the proxy let the request on to its page or handler, rather than answering it. */
const passed = (response: Response) => response.status === 200 && response.headers.get("x-middleware-next") === "1";

/** Where a redirect sends the browser, and the `next` it carries; null for any other answer. */
function redirectOf(response: Response) {
  const location = response.headers.get("location");
  if (response.status !== 307 || location === null) return null;
  const url = new URL(location);
  return { origin: url.origin, pathname: url.pathname, next: url.searchParams.get("next") };
}

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as unknown;
}

/** The page's policy, the one forwarded to Next.js (which reads its nonce), and the nonce. */
function policiesOf(response: Response) {
  const sent = response.headers.get("content-security-policy");
  const forwarded = response.headers.get("x-middleware-request-content-security-policy");
  return { sent, forwarded, nonce: /'nonce-([^']+)'/.exec(sent ?? "")?.[1] };
}

/** The session store down, as an outage looks to the guards: each read they make fails. */
function storeDown() {
  for (const read of ["credentialState", "sessionVersion", "getServerSession"] as const) {
    vi.spyOn(store(), read).mockRejectedValue(new StoreUnavailableError("down"));
  }
}

const guardedPaths = (approach: string, more: string[] = []) =>
  ["me", "admin", "admin/role", "notes", "notes/7", ...more].map((rest) => `/api/${approach}/${rest}`);

const JWT_PATHS = guardedPaths("jwt");

// Each cookie approach's guarded API paths, and the cookies its session may come in (the name over http, and over https).
const COOKIE_APPROACHES = [
  { paths: guardedPaths("cookie"), cookies: ["session-lab", "__Host-session-lab"] },
  {
    paths: guardedPaths("nextauth"),
    cookies: ["next-auth.session-token", "__Secure-next-auth.session-token", "next-auth.session-token.0", "__Secure-next-auth.session-token.0"],
  },
  { paths: guardedPaths("server-session", ["sessions", "sessions/abc"]), cookies: ["session-lab.sid", "__Host-session-lab.sid"] },
];
const COOKIE_PATHS = COOKIE_APPROACHES.flatMap(({ paths }) => paths);

describe("proxy: API calls with no credential", () => {
  it.each(JWT_PATHS)("answers %s with 401 and a bare Bearer challenge", async (pathname) => {
    const anotherScheme = { authorization: "Basic YWxpY2U6eA==" }; // RFC 6750: no Bearer credential at all
    for (const response of [await proxy(request(pathname)), await proxy(request(pathname, { headers: anotherScheme }))]) {
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="session-lab"');
      expect(await problemOf(response)).toMatchObject({ status: 401 });
    }
  });

  it.each(["Bearer", "Bearer\tabc.def.ghi", "Bearer a b", "Bearer <script>"])("answers Authorization: %j with 400 invalid_request", async (authorization) => {
    const response = await proxy(request("/api/jwt/me", { headers: { authorization } }));
    expect(response.status).toBe(400);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="session-lab", error="invalid_request"/);
    expect(await problemOf(response)).toMatchObject({ status: 400 });
  });

  it.each(COOKIE_PATHS)("answers %s with 401 and no Bearer challenge", async (pathname) => {
    const response = await proxy(request(pathname));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBeNull();
    expect(await problemOf(response)).toMatchObject({ status: 401 });
  });

  it.each(["/api/jwt/me", "/api/cookie/admin", "/api/nextauth/notes", "/api/server-session/sessions"])(
    "describes the wire of its early 401 to %s when asked, as the handlers do: no credential came",
    async (pathname) => {
      expect((await proxy(request(pathname))).headers.get("session-lab-wire")).toBeNull();
      const headers = { "session-lab-inspect": "1", cookie: "theme=dark" };
      const response = await proxy(request(pathname, { headers }));
      expect(response.status).toBe(401);
      expect(JSON.parse(response.headers.get("session-lab-wire") ?? "null")).toMatchObject({
        request: { authorization: null, cookies: [{ name: "theme", bytes: 10 }] },
        response: { setCookies: [] },
      });
    },
  );

  it.each([
    ["/api/jwt/me", { authorization: "Bearer not.a.token" }],
    ["/api/cookie/notes", { cookie: "session-lab=Fe26.2**forged" }],
    ["/api/nextauth/admin", { cookie: "next-auth.session-token.0=forged" }],
    ["/api/server-session/sessions", { cookie: "session-lab.sid=forged" }],
  ])("passes %s with a credential, however bad, on to its handler, which verifies it", async (pathname, headers) => {
    expect(passed(await proxy(request(pathname, { headers })))).toBe(true);
  });

  it.each([
    "/api/jwt/meow",
    "/api/jwt/notes-archive",
    "/api/cookie/administrator",
    "/api/nextauth/meta",
    "/api/server-session/sessionsx",
    "/api/health",
    // Paths under a protected route that no route takes: the API's 404, not a 401.
    "/api/jwt/me/x",
    "/api/cookie/admin/x",
    "/api/cookie/admin/role/x",
    "/api/nextauth/notes/7/x",
    "/api/server-session/sessions/abc/x",
  ])(
    "leaves %s alone: only the protected routes' whole paths are",
    async (pathname) => {
      const response = await proxy(request(pathname));
      expect(passed(response)).toBe(true);
      expect(response.headers.get("content-security-policy")).toBeNull(); // an API answer, not a page
    },
  );
});

describe("proxy: account pages", () => {
  it.each(ACCOUNT_PAGES)("sends a signed-out visitor of $page to $signIn, and back after", async ({ page, signIn }) => {
    const response = await proxy(request(`${page}?tab=notes`));
    expect(redirectOf(response)).toEqual({ origin: ORIGIN, pathname: signIn, next: `${page}?tab=notes` });
  });

  it.each(ACCOUNT_PAGES.flatMap(({ page }) => ["/%09/evil.example", "/..%2f..%2f%2fevil.example", "/\\\\evil.example", "?x=\\evil.example"].map((attack) => page + attack)))(
    "redirects %s with a next that stays on the site, as the sign-in page accepts it",
    async (pathname) => {
      const next = redirectOf(await proxy(request(pathname)))?.next ?? null;
      expect(next).not.toBeNull();
      expect(new URL(next ?? "", ORIGIN).origin).toBe(ORIGIN);
      expect(safeNextPath(next, "refused")).toBe(next);
    },
  );

  it.each(ACCOUNT_PAGES.map(({ page }) => `${page}/notes`))("guards %s too: it lies under an account page", async (pathname) => {
    expect(redirectOf(await proxy(request(pathname)))?.next).toBe(pathname);
  });

  it.each(ACCOUNT_PAGES.flatMap(({ page }) => [`${page}s`, `${page}-old`]))("leaves %s alone: a longer name is another page (here, not found)", async (pathname) => {
    const response = await proxy(request(pathname));
    expect(passed(response)).toBe(true);
    expect(policiesOf(response).nonce).toBeTypeOf("string");
  });

  it.each(ACCOUNT_PAGES)("lets a signed-in visitor through to $page, with the page's CSP", async ({ page, cookieFor }) => {
    const { cookie } = await signedIn(cookieFor);
    const response = await proxy(request(page, { headers: { cookie } }));
    expect(passed(response)).toBe(true);
    expect(policiesOf(response).nonce).toBeTypeOf("string");
  });

  it.each(ACCOUNT_PAGES)("sends a visitor of $page whose session was revoked to sign in", async ({ page, signIn, cookieFor }) => {
    const { user, cookie } = await signedIn(cookieFor);
    await signOutEverywhere(user.id);
    const response = await proxy(request(page, { headers: { cookie } }));
    expect(redirectOf(response)).toMatchObject({ pathname: signIn, next: page });
  });

  it.each(ACCOUNT_PAGES.flatMap(({ page }) => PREFETCHES.map((headers) => [page, headers] as const)))(
    "does not redirect a prefetch of %s (%j): the router would keep the redirect",
    async (page, headers) => {
      expect(passed(await proxy(request(page, { headers })))).toBe(true);
    },
  );

  it.each(ACCOUNT_PAGES)("answers $page with 503 while the store is down, never lets it through", async ({ page, cookieFor }) => {
    const { cookie } = await signedIn(cookieFor);
    storeDown();
    for (const response of [await proxy(request(page, { headers: { cookie } })), await proxy(request(page, { headers: { cookie, purpose: "prefetch" } }))]) {
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await problemOf(response)).toMatchObject({ status: 503 });
    }
  });
});

describe("proxy: pages' Content-Security-Policy", () => {
  it("sends the policy with the page and forwards it to Next.js, alongside the request's own headers", async () => {
    const response = await proxy(request("/jwt", { headers: { cookie: "theme=dark" } }));
    expect(passed(response)).toBe(true);
    const { sent, forwarded, nonce } = policiesOf(response);
    expect(sent).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(forwarded).toBe(sent);
    expect(response.headers.get("x-middleware-override-headers")?.split(",")).toEqual(expect.arrayContaining(["content-security-policy", "cookie"]));
    expect(response.headers.get("x-middleware-request-cookie")).toBe("theme=dark");
  });

  it("draws a fresh nonce for every request", async () => {
    const nonces = await Promise.all([1, 2].map(async () => policiesOf(await proxy(request("/"))).nonce));
    expect(nonces[0]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonces[1]).not.toBe(nonces[0]);
  });
});

describe("proxy: OPTIONS", () => {
  it.each(["/api/jwt/me", "/api/cookie/notes", "/api/server-session/sessions", "/cookie/account"])(
    "gives OPTIONS %s no early answer: it is the same signed in or not",
    async (pathname) => {
      expect(passed(await proxy(request(pathname, { method: "OPTIONS" })))).toBe(true);
    },
  );
});

describe("config.matcher", () => {
  const matches = (pathname: string, { headers = {}, cookies = {} }: { headers?: Record<string, string>; cookies?: Record<string, string> } = {}) =>
    unstable_doesMiddlewareMatch({ config, url: `${ORIGIN}${pathname}`, headers, cookies });

  // Each API path the proxy guards, and each credential that sends it straight to its handler.
  const GUARDED = [
    ...JWT_PATHS.map((pathname) => ({ pathname, carrying: "Authorization", credential: { headers: { authorization: "Bearer x" } } })),
    ...COOKIE_APPROACHES.flatMap(({ paths, cookies }) =>
      paths.flatMap((pathname) => cookies.map((name) => ({ pathname, carrying: name, credential: { cookies: { [name]: "x" } } }))),
    ),
  ];

  it.each(GUARDED)("runs the proxy for $pathname with no credential (its early 401), not with $carrying", async ({ pathname, credential }) => {
    expect(matches(pathname)).toBe(true);
    expect((await proxy(request(pathname))).status).toBe(401);
    expect(matches(pathname, credential)).toBe(false);
  });

  it.each(["/", "/jwt", "/cookie/account", "/nextauth/account", "/server-session/account", "/lab/size", "/_next/image"])("runs the proxy for the page %s", (pathname) => {
    expect(matches(pathname)).toBe(true);
    expect(matches(pathname, { headers: { "next-router-prefetch": "1" }, cookies: { "session-lab": "x" } })).toBe(true);
  });

  it.each(["/api/health", "/api/jwt/login", "/api/jwt/meow", "/api/cookie/administrator", "/api/auth/session", "/_next/static/chunks/main.js", "/favicon.ico", "/icon.svg", "/.well-known/jwks.json"])(
    "does not run the proxy for %s",
    (pathname) => {
      expect(matches(pathname)).toBe(false);
    },
  );
});
