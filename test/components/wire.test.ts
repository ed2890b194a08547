import { describe, expect, it } from "vitest";
import { describeSent, parseServerTiming, parseWire, type WireReport } from "@/app/components/api/wire";

describe("parseServerTiming", () => {
  it("reads names, durations and quoted or bare descriptions", () => {
    expect(parseServerTiming('auth;dur=0.093;desc="jwtVerify: seen before (cache)", revocation;dur=0.004;desc=sqlite')).toEqual([
      { name: "auth", milliseconds: 0.093, description: "jwtVerify: seen before (cache)" },
      { name: "revocation", milliseconds: 0.004, description: "sqlite" },
    ]);
  });

  it("skips entries it cannot read, and an absent header is no entries", () => {
    expect(parseServerTiming(null)).toEqual([]);
    expect(parseServerTiming("cache;desc=hit, ;dur=1, db;dur=abc, total;dur=2")).toEqual([{ name: "total", milliseconds: 2, description: "" }]);
  });
});

describe("parseWire", () => {
  const valid = {
    request: { authorization: null, cookieHeaderBytes: 20, cookies: [{ name: "session-lab", bytes: 20, preview: "Fe26.2" }], cookiesNotDescribed: 0 },
    response: { setCookies: [{ name: "session-lab", bytes: 0, attributes: "Path=/; Max-Age=0", cleared: true }] },
  };

  it("rebuilds a valid description", () => {
    expect(parseWire(JSON.stringify(valid))).toEqual({
      authorization: null,
      cookieHeaderBytes: 20,
      cookies: valid.request.cookies,
      cookiesNotDescribed: 0,
      setCookies: valid.response.setCookies,
    });
  });

  it("refuses anything else", () => {
    expect(parseWire(null)).toBeNull();
    expect(parseWire("not json")).toBeNull();
    expect(parseWire(JSON.stringify({ ...valid, request: { ...valid.request, cookies: [{ name: 1 }] } }))).toBeNull();
    expect(parseWire(JSON.stringify({ ...valid, request: { ...valid.request, authorization: { scheme: "Bearer" } } }))).toBeNull();
  });
});

describe("describeSent", () => {
  const wire = (cookies: WireReport["cookies"], cookiesNotDescribed = 0): WireReport => ({
    authorization: null,
    cookieHeaderBytes: cookies.reduce((total, cookie) => total + cookie.bytes, 0),
    cookies,
    cookiesNotDescribed,
    setCookies: [],
  });
  const sealed = { name: "session-lab", bytes: 412, preview: "Fe26.2" };

  it("names the cookie that arrived, with its size, whatever its prefix", () => {
    expect(describeSent({ cookies: ["session-lab"] }, wire([sealed]))).toBe("Cookie session-lab (412 B, HttpOnly: attached by the browser)");
    expect(describeSent({ cookies: ["session-lab"] }, wire([{ ...sealed, name: "__Host-session-lab" }]))).toBe(
      "Cookie __Host-session-lab (412 B, HttpOnly: attached by the browser)",
    );
  });

  it("adds up a cookie's chunks, and tells one cookie from another that starts the same", () => {
    const chunks = [0, 1].map((n) => ({ name: `next-auth.session-token.${n}`, bytes: 3000, preview: "eyJhbG" }));
    expect(describeSent({ cookies: ["next-auth.session-token"] }, wire(chunks))).toBe(
      "Cookie next-auth.session-token.0, next-auth.session-token.1 (6000 B, HttpOnly: attached by the browser)",
    );
    expect(describeSent({ cookies: ["session-lab.sid"] }, wire([sealed]))).toBe("None — the browser sent no session-lab.sid cookie");
  });

  it("says none was sent when the server saw none, and the page's own credential when there is one", () => {
    expect(describeSent({ cookies: ["jwt-refresh"] }, wire([]))).toBe("None — the browser sent no jwt-refresh cookie");
    expect(describeSent({ credential: "Username and password, in the JSON body", cookies: ["jwt-refresh"] }, wire([]))).toBe(
      "Username and password, in the JSON body",
    );
    expect(describeSent({ credential: "Authorization: Bearer eyJhb…abcdef", cookies: ["jwt-refresh"] }, wire([{ name: "jwt-refresh", bytes: 60, preview: "abcdef" }]))).toBe(
      "Authorization: Bearer eyJhb…abcdef + Cookie jwt-refresh (60 B, HttpOnly: attached by the browser)",
    );
  });

  it("words a guess when the server did not say, or did not describe every cookie", () => {
    const guess = "Cookie session-lab, if the browser holds one (HttpOnly: script cannot tell)";
    expect(describeSent({ cookies: ["session-lab"] }, null)).toBe(guess);
    expect(describeSent({ cookies: ["session-lab"] }, wire([], 3))).toBe(guess);
  });
});
