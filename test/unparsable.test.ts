import { describe, expect, it, vi } from "vitest";
import type http from "node:http";
import { createRequire } from "node:module";
import { refusalOf, refuse } from "@/lib/unparsable";

describe("requests refused before Next.js sees them", () => {
  it("TRACE, and the other methods Next.js does not route, on any path: 501", () => {
    for (const method of ["TRACE", "PROPFIND", "LOCK", "SEARCH", "QUERY", "get"]) {
      expect(refusalOf({ method, url: "/api/health" })).toMatchObject({ status: 501 });
    }
    for (const method of ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]) expect(refusalOf({ method, url: "/api" })).toBeNull();
  });

  it("a path whose percent-encoding does not decode: 400", () => {
    for (const url of ["/api/auth/%ZZ", "/api/jwt/notes/%E6%97", "/%", "/a%2"]) expect(refusalOf({ method: "GET", url })).toMatchObject({ status: 400 });
  });

  it("a request target that is not a path (asterisk or absolute form): 400", () => {
    for (const [method, url] of [["OPTIONS", "*"], ["GET", "*"], ["GET", "http://evil.example/cookie/account"], ["POST", "localhost:3000"]]) {
      expect(refusalOf({ method, url })).toMatchObject({ status: 400 });
    }
  });

  it("a router state header Next.js cannot parse, and any server action call (there are none): 400", () => {
    for (const tree of ["garbage", "%5B1%5D", "[", "x".repeat(40_001)]) {
      expect(refusalOf({ method: "GET", url: "/no-such-page", headers: { "next-router-state-tree": tree } })).toMatchObject({ status: 400 });
    }
    const sent = "%5B%22%22%2C%7B%7D%2Cnull%2C%22metadata-only%22%5D"; // by Chromium, prefetching /jwt from /
    expect(refusalOf({ method: "GET", url: "/jwt", headers: { rsc: "1", "next-router-state-tree": sent } })).toBeNull();
    expect(refusalOf({ method: "POST", url: "/", headers: { "next-action": "deadbeef" } })).toMatchObject({ status: 400, detail: "This app has no server actions." });
  });

  it("a multipart POST to a page, which Next.js takes for a form's server action: 400; to a route handler it goes on", () => {
    for (const [url, type] of [["/", "multipart/form-data; boundary=x"], ["/no-such-page", "Multipart/Form-Data; boundary=x"], ["/jwt?x=1", "multipart/form-data"]]) {
      expect(refusalOf({ method: "POST", url, headers: { "content-type": type } }), url).toMatchObject({ status: 400, detail: "This app has no server actions." });
    }
    expect(refusalOf({ method: "POST", url: "/", headers: { "content-type": "application/x-www-form-urlencoded" } })).toBeNull(); // the sign-in form, before the page's script runs
    for (const url of ["/api/jwt/notes", "/api", "/api/no-such-route"]) {
      expect(refusalOf({ method: "POST", url, headers: { "content-type": "multipart/form-data; boundary=x" } }), url).toBeNull();
    }
  });

  it("a Host, X-Forwarded-Host or X-Forwarded-Proto that names no http(s) origin: 400; a proxy chain's list is fine", () => {
    const refused = [{ host: "a b" }, { host: "localhost:3000", "x-forwarded-proto": "x y" }, { "x-forwarded-host": "user@evil.example" }, { "x-forwarded-host": ", lab.example" }];
    for (const headers of refused) {
      expect(refusalOf({ method: "GET", url: "/cookie/account", headers }), JSON.stringify(headers)).toMatchObject({ status: 400 });
    }
    for (const headers of [{ host: "localhost:3000" }, { host: "[::1]:3000" }, { "x-forwarded-host": "lab.example, proxy.internal", "x-forwarded-proto": "https, http" }, {}]) {
      expect(refusalOf({ method: "GET", url: "/cookie/account", headers }), JSON.stringify(headers)).toBeNull();
    }
  });

  it("a method the route does not export: 405 with what it does, where Next.js sent no Allow", () => {
    expect(refusalOf({ method: "PUT", url: "/api/health" })).toMatchObject({ status: 405, allow: "GET, HEAD, OPTIONS" });
    expect(refusalOf({ method: "GET", url: "/api/jwt/login?x=1" })).toMatchObject({ status: 405, allow: "OPTIONS, POST" });
    for (const [method, url] of [["OPTIONS", "/api/jwt/login"], ["HEAD", "/api/health"], ["PUT", "/api/no-such-route"], ["PUT", "/api/auth/session"]]) {
      expect(refusalOf({ method, url }), `${method} ${url}`).toBeNull();
    }
  });

  it("a page takes GET, HEAD and a form's POST, and answers a 405 to anything else, where Next.js rendered it or sent an empty 400", () => {
    for (const url of ["/", "/jwt?x=1", "/cookie/account", "/lab/size"]) {
      for (const method of ["PUT", "PATCH", "DELETE", "OPTIONS"]) {
        expect(refusalOf({ method, url }), `${method} ${url}`).toMatchObject({ status: 405, allow: "GET, HEAD, POST" });
      }
      for (const method of ["GET", "HEAD", "POST"]) expect(refusalOf({ method, url }), `${method} ${url}`).toBeNull();
    }
    // No page there: Next.js answers its 404 page, for every method.
    for (const url of ["/nope", "/jwt/x"]) expect(refusalOf({ method: "DELETE", url }), url).toBeNull();
  });

  it("in development a route's exports may have changed since they were read: Next.js answers; a page's methods do not change", async () => {
    vi.stubEnv("NODE_ENV", "development");
    vi.resetModules();
    try {
      const { refusalOf: inDevelopment } = await import("@/lib/unparsable");
      expect(inDevelopment({ method: "PUT", url: "/api/health" })).toBeNull();
      expect(inDevelopment({ method: "DELETE", url: "/jwt" })).toMatchObject({ status: 405, allow: "GET, HEAD, POST" });
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it("a Host or Authorization header sent twice, whose second copy Node would drop unseen: 400, a bearer challenge for the credential", () => {
    const raw = (...pairs: [string, string][]) => ({ method: "GET", url: "/api/jwt/me", headers: { host: "localhost:3000" }, rawHeaders: pairs.flat() });
    expect(refusalOf(raw(["Host", "localhost:3000"], ["Host", "evil.example"]))).toMatchObject({ status: 400, detail: "Send the Host header once." });
    const twice = refusalOf(raw(["Host", "localhost:3000"], ["Authorization", "Bearer a.b.c"], ["authorization", "Bearer d.e.f"]));
    expect(twice).toMatchObject({ status: 400, detail: "Send the Authorization header once.", challenge: 'Bearer realm="session-lab", error="invalid_request"' });
    // Once each, or repeated headers that are lists (Cookie, Accept): fine.
    expect(refusalOf(raw(["Host", "localhost:3000"], ["Authorization", "Bearer a.b.c"], ["Cookie", "a=1"], ["Cookie", "b=2"], ["Accept", "*/*"], ["Accept", "text/html"]))).toBeNull();
  });

  it("anything else goes on, whatever its query string holds (routes read that themselves)", () => {
    for (const url of ["/", "/api/jwt/notes/%E6%97%A5", "/api/health?x=%ZZ", "/caf%C3%A9"]) expect(refusalOf({ method: "GET", url })).toBeNull();
    expect(refusalOf({ method: "GET", url: undefined })).toBeNull();
  });
});

describe("refuse", () => {
  it("answers with a problem and every header next.config.js gives an API answer, Allow on a 405, HSTS over https", async () => {
    const written = (overHttps: boolean) => {
      let head: Record<string, string> = {};
      let body = "";
      const response = {
        writeHead: (_status: number, headers: Record<string, string>) => (head = headers),
        end: (text: string) => (body = text),
      };
      refuse(response as unknown as http.ServerResponse, { status: 405, title: "Method Not Allowed", detail: "Use GET.", allow: "GET, HEAD, OPTIONS" }, overHttps);
      return { head, body };
    };
    const nextConfig = createRequire(import.meta.url)("../next.config.js") as { headers(): Promise<{ source: string; headers: { key: string; value: string }[] }[]> };
    const configured = (await nextConfig.headers()).filter((rule) => rule.source === "/:path*" || rule.source === "/api/:path*").flatMap((rule) => rule.headers);
    const overHttps = written(true);
    expect(configured.length).toBeGreaterThan(3); // the rules this reads are still there
    for (const { key, value } of configured) expect(overHttps.head[key], key).toBe(value);
    expect(overHttps.head).toMatchObject({ Allow: "GET, HEAD, OPTIONS", "Content-Type": "application/problem+json" });
    expect(JSON.parse(overHttps.body)).toEqual({ type: "about:blank", title: "Method Not Allowed", status: 405, detail: "Use GET." });
    expect(written(false).head["Strict-Transport-Security"]).toBeUndefined();
  });
});
