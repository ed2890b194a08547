import { describe, expect, it } from "vitest";
import { CrossSiteError } from "@/lib/errors";
import { assertSameOrigin, assertSameOriginForChanges, canUseSecureCookies, isHttps, requestedOrigin, safeNextPath, siteCookie } from "@/lib/origin";

describe("safeNextPath", () => {
  it.each(["/cookie/account", "/cookie/account?tab=notes", "/a/b#c", "/"])("keeps the same-site path %j", (next) => {
    expect(safeNextPath(next, "/fallback")).toBe(next);
  });

  it.each([
    "https://evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,hi",
    " /cookie",
    "/\t/evil.example",
    "/\n/evil.example",
    "cookie/account",
    "/.//evil.example",
    "/./\t/evil.example",
    "/cookie/..//evil.example/x",
    "/%2e//evil.example",
    "/a/..//evil.example",
    "",
    null,
    undefined,
  ])("refuses %j", (next) => {
    expect(safeNextPath(next, "/fallback")).toBe("/fallback");
  });

  it("normalises dot segments without leaving the site", () => {
    expect(safeNextPath("/a/../../evil", "/fallback")).toBe("/evil");
  });
});

describe("requestedOrigin", () => {
  const origin = (headers: Record<string, string>) => requestedOrigin(new Headers(headers));

  it("is the first proxy's scheme and host, else http and Host, written as an origin writes it", () => {
    expect(origin({ host: "localhost:3000" })).toBe("http://localhost:3000");
    expect(origin({ host: "10.0.0.5:3000", "x-forwarded-host": " Lab.Example:443, proxy.internal", "x-forwarded-proto": "HTTPS, http" })).toBe("https://lab.example");
    expect(origin({ host: "[::1]:3000" })).toBe("http://[::1]:3000");
    expect(origin({})).toBe("http://localhost");
  });

  it("is null for anything but an http(s) origin: no userinfo, path, query, fragment, space or other scheme", () => {
    const hosts = ["a b", "user@evil.example", "evil.example/path", "evil.example?x", "evil.example#x", "", "a<b"];
    for (const host of hosts) expect(origin({ host }), host).toBeNull();
    for (const proto of ["x y", "wss", "javascript", ""]) expect(origin({ host: "localhost", "x-forwarded-proto": proto }), proto).toBeNull();
  });
});

describe("isHttps / canUseSecureCookies", () => {
  const headers = (proto?: string) => new Headers(proto ? { "x-forwarded-proto": proto } : {});

  it("trusts the URL, or the proxy's x-forwarded-proto", () => {
    expect(isHttps(new URL("https://lab.example/"), headers())).toBe(true);
    expect(isHttps(new URL("http://lab.example/"), headers("https"))).toBe(true);
    expect(isHttps(new URL("http://lab.example/"), headers("http"))).toBe(false);
  });

  it("reads a proxy chain's list by its first entry, in any case, as requestedOrigin does", () => {
    for (const proto of ["HTTPS", "https, http", " Https ,http"]) expect(isHttps(new URL("http://lab.internal/"), headers(proto)), proto).toBe(true);
    expect(isHttps(new URL("https://lab.internal/"), headers("http, https"))).toBe(false);
  });

  it("outside production, allows Secure cookies over https and on loopback only", () => {
    expect(canUseSecureCookies(new URL("http://localhost:3000/"), headers())).toBe(true);
    expect(canUseSecureCookies(new URL("http://127.0.0.1:3000/"), headers())).toBe(true);
    expect(canUseSecureCookies(new URL("http://lab.internal/"), headers())).toBe(false);
    expect(canUseSecureCookies(new URL("http://lab.internal/"), headers("https"))).toBe(true);
  });

  it("in production, always: a TLS proxy that does not say https must not strip Secure", () => {
    expect(canUseSecureCookies(new URL("http://lab.internal/"), headers(), true)).toBe(true);
    expect(canUseSecureCookies(new URL("http://0.0.0.0:3000/"), headers("http"), true)).toBe(true);
  });
});

describe("siteCookie", () => {
  it("is HttpOnly, SameSite=Lax and site-wide, and __Host- prefixed over https", () => {
    const options = { httpOnly: true, sameSite: "lax", path: "/", secure: true, maxAge: 60 };
    expect(siteCookie(new Request("http://localhost:3000/"), "sid", 60)).toEqual({ name: "sid", options });
    expect(siteCookie(new Request("https://lab.example/"), "sid", 60)).toEqual({ name: "__Host-sid", options });
  });
});

describe("assertSameOriginForChanges", () => {
  const from = (method: string) => () =>
    assertSameOriginForChanges(new Request("http://lab.example/api/cookie/notes/1", { method, headers: { "sec-fetch-site": "cross-site" } }));

  it.each(["POST", "PUT", "PATCH", "DELETE"])("refuses a cross-site %s", (method) => {
    expect(from(method)).toThrow(CrossSiteError);
  });

  it.each(["GET", "HEAD", "OPTIONS"])("lets a cross-site %s through: it changes nothing", (method) => {
    expect(from(method)).not.toThrow();
  });
});

describe("assertSameOrigin", () => {
  const post = (headers: Record<string, string>) => () =>
    assertSameOrigin(new Request("http://0.0.0.0:3000/api/cookie/logout", { method: "POST", headers }));

  it.each<Record<string, string>>([
    { host: "lab.example", origin: "http://lab.example" },
    { host: "Lab.Example", origin: "http://lab.example" },
    { host: "lab.example:80", origin: "http://lab.example" },
    { host: "lab.internal:3000", "x-forwarded-host": "lab.example:443", "x-forwarded-proto": "https", origin: "https://lab.example" },
    { host: "lab.internal:3000", "x-forwarded-host": "lab.example", "x-forwarded-proto": "HTTPS, http", origin: "https://lab.example" },
    { host: "lab.internal:3000", "x-forwarded-host": "lab.example, lab.internal", origin: "http://lab.example" },
    { host: "[::1]:3000", origin: "http://[::1]:3000" },
  ])("lets a same-origin post through however its host is written: %j", (headers) => {
    expect(post(headers)).not.toThrow();
  });

  it.each<Record<string, string>>([
    { host: "lab.example", origin: "http://evil.example" },
    { host: "lab.example:8080", origin: "http://lab.example" },
    { host: "lab.example", origin: "https://lab.example" },
    { host: "evil.example@lab.example", origin: "http://lab.example" },
    { host: "lab.example/x", origin: "http://lab.example" },
    { host: "", origin: "http://lab.example" },
  ])("refuses another origin, or a host that is not one: %j", (headers) => {
    expect(post(headers)).toThrow(CrossSiteError);
  });

  // A browser sends an origin one way only: scheme, host and port, lower case. Anything else
  // that a URL parser would still read as this origin came from no browser.
  it.each(["http://user@lab.example", "http://lab.example/some/path?q", "http://lab.example/", "HTTP://LAB.EXAMPLE", "http://lab.example:80", "null"])(
    "refuses the Origin %j, which names this origin in a form no browser sends",
    (origin) => {
      expect(post({ host: "lab.example", origin })).toThrow(CrossSiteError);
    },
  );
});
