import { describe, expect, it } from "vitest";
import { inExchange, timed } from "@/lib/exchange";
import { request } from "./support/requests";

const INSPECT = { "session-lab-inspect": "1" };

describe("timed", () => {
  it("only runs the work outside an exchange", async () => {
    await expect(timed("auth", "jwtVerify", async () => 42)).resolves.toBe(42);
  });

  it("times the work to its end, and describes it by what it returned", async () => {
    const response = await inExchange(request("/api/jwt/me"), async () => {
      await timed("auth", (ok: boolean) => (ok ? "jwtVerify" : "refused"), () => new Promise((resolve) => setTimeout(() => resolve(false), 25)));
      return Response.json({});
    });
    const [, milliseconds, description] = /^auth;dur=([\d.]+);desc="(\w+)"$/.exec(response.headers.get("server-timing") ?? "") ?? [];
    expect(Number(milliseconds)).toBeGreaterThanOrEqual(20);
    expect(description).toBe("refused");
  });
});

describe("inExchange", () => {
  it("reports every timed step in Server-Timing, in order, with descriptions made safe for the header", async () => {
    const response = await inExchange(request("/api/jwt/me"), async () => {
      await timed("auth", (ok: boolean) => (ok ? "jwtVerify" : "refused"), async () => true);
      await timed("revocation", 'sqlite, "quoted"', async () => false);
      return Response.json({});
    });
    expect(response.headers.get("server-timing")).toMatch(/^auth;dur=\d+\.\d{3};desc="jwtVerify", revocation;dur=\d+\.\d{3};desc="sqlite   quoted "$/);
  });

  it("adds no Server-Timing when nothing was checked", async () => {
    const response = await inExchange(request("/api/health"), async () => Response.json({}));
    expect(response.headers.get("server-timing")).toBeNull();
  });

  it("describes the wire only when asked, with sizes and six-character previews", async () => {
    const token = `eyJhbGciOiJFZERTQSJ9.${"x".repeat(200)}.signature`;
    const headers = { authorization: `Bearer ${token}`, cookie: "session-lab=Fe26.2**secretpart~2; theme=dark" };
    const quiet = await inExchange(request("/api/jwt/me", { headers }), async () => Response.json({}));
    expect(quiet.headers.get("session-lab-wire")).toBeNull();

    const described = await inExchange(request("/api/jwt/me", { headers: { ...headers, ...INSPECT } }), async () => Response.json({}));
    const header = described.headers.get("session-lab-wire") ?? "";
    expect(header).not.toContain("secretpart");
    expect(header).not.toContain("x".repeat(10));
    expect(JSON.parse(header)).toEqual({
      request: {
        authorization: { scheme: "Bearer", bytes: headers.authorization.length, preview: "eyJhbG" },
        cookieHeaderBytes: headers.cookie.length,
        cookies: [
          { name: "session-lab", bytes: "session-lab=Fe26.2**secretpart~2".length, preview: "Fe26.2" },
          { name: "theme", bytes: "theme=dark".length, preview: "dark" },
        ],
        cookiesNotDescribed: 0,
      },
      response: { setCookies: [] },
    });
  });

  it.each([
    ["a bare token", (token: string) => token, ""],
    ["a tab after the scheme", (token: string) => `Bearer\t${token}`, "Bearer"],
    ["a token with a space in it", (token: string) => `${token} x`, ""],
  ])("shows no more than a preview of %s in Authorization", async (_, header, scheme) => {
    const token = `eyJhbGciOiJFZERTQSJ9.${"x".repeat(200)}.signature`;
    const response = await inExchange(request("/api/jwt/me", { headers: { ...INSPECT, authorization: header(token) } }), async () => Response.json({}));
    const wire = response.headers.get("session-lab-wire") ?? "";
    expect(wire).not.toContain("eyJhbGciOiJ");
    expect(JSON.parse(wire).request.authorization).toEqual({ scheme, bytes: header(token).length, preview: "eyJhbG" });
  });

  it("describes Set-Cookie headers by name, size and attributes, and says when one is cleared", async () => {
    const response = await inExchange(request("/api/auth/csrf", { headers: INSPECT }), async () => {
      const headers = new Headers();
      headers.append("set-cookie", "next-auth.csrf-token=abcdef0123456789; Path=/; HttpOnly; SameSite=Lax");
      headers.append("set-cookie", "next-auth.session-token=; Path=/; Max-Age=0");
      return new Response(null, { status: 204, headers });
    });
    const wire = JSON.parse(response.headers.get("session-lab-wire") ?? "{}");
    expect(wire.response.setCookies).toEqual([
      { name: "next-auth.csrf-token", bytes: "next-auth.csrf-token=abcdef0123456789".length, attributes: "Path=/; HttpOnly; SameSite=Lax", cleared: false },
      { name: "next-auth.session-token", bytes: "next-auth.session-token=".length, attributes: "Path=/; Max-Age=0", cleared: true },
    ]);
    expect(response.headers.get("session-lab-wire")).not.toContain("abcdef0123456789");
  });

  it.each([
    ["Max-Age=0", true],
    ["Max-Age=-1", true],
    ["Expires=Thu, 01 Jan 1970 00:00:00 GMT", true],
    ["Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT", false], // Max-Age wins
    ["Expires=Fri, 01 Jan 2100 00:00:00 GMT", false],
    ["Max-Age=60", false],
    ["Max-Age=soon; Expires=Thu, 01 Jan 1970 00:00:00 GMT", true], // an unreadable Max-Age is ignored
  ])("says a cookie set with a value and %s is cleared: %s", async (attributes, cleared) => {
    const response = await inExchange(request("/api/cookie/me", { headers: INSPECT }), async () => new Response(null, { headers: { "set-cookie": `session-lab=value; Path=/; ${attributes}` } }));
    expect(JSON.parse(response.headers.get("session-lab-wire") ?? "{}").response.setCookies).toMatchObject([{ name: "session-lab", cleared }]);
  });

  it("describes at most 16 cookies, and counts the rest", async () => {
    const cookie = Array.from({ length: 600 }, (_, index) => `c${index}=v${index}`).join("; ");
    const response = await inExchange(request("/api/cookie/me", { headers: { ...INSPECT, cookie } }), async () => Response.json({}));
    const header = response.headers.get("session-lab-wire") ?? "";
    expect(header.length).toBeLessThan(2048);
    const wire = JSON.parse(header);
    expect(wire.request.cookies).toHaveLength(16);
    expect(wire.request.cookiesNotDescribed).toBe(584);
  });

  it("cuts a cookie's name to 64 characters: however long the names a request sends, the header stays short", async () => {
    const name = "n".repeat(4000);
    const response = await inExchange(request("/api/cookie/me", { headers: { ...INSPECT, cookie: `${name}=v` } }), async () => Response.json({}));
    const wire = JSON.parse(response.headers.get("session-lab-wire") ?? "{}");
    expect(wire.request.cookies).toEqual([{ name: "n".repeat(64), bytes: `${name}=v`.length, preview: "v" }]);
  });

  it("keeps a header value to printable ASCII whatever the request carried", async () => {
    const response = await inExchange(request("/api/cookie/me", { headers: { ...INSPECT, cookie: "a=\u00e9\u00e9\u00e9" } }), async () => Response.json({}));
    expect(response.headers.get("session-lab-wire")).toMatch(/^[\x20-\x7e]+$/);
  });

  it("copies a response whose headers cannot change (a redirect)", async () => {
    const response = await inExchange(request("/api/x", { headers: INSPECT }), async () => Response.redirect("http://localhost:3000/", 302));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://localhost:3000/");
    expect(response.headers.get("session-lab-wire")).not.toBeNull();
  });
});
