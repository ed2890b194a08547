import { describe, expect, it } from "vitest";
import { parseServerTiming, parseWire } from "@/app/components/api/wire";

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
