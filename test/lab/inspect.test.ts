import { sealData, unsealData } from "iron-session";
import { decode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { GET as inspectCookieRoute } from "@/app/api/cookie/inspect/route";
import { GET as inspectNextAuthRoute } from "@/app/api/nextauth/inspect/route";
import { GET as inspectServerSessionRoute } from "@/app/api/server-session/inspect/route";
import { sealSession } from "@/lib/auth/cookie/session";
import { createSession } from "@/lib/auth/server-session/session";
import {
  describeIronSeal,
  describeNextAuthToken,
  describeServerSessionToken,
  inspectCookieSession,
  inspectNextAuthSession,
  inspectServerSession,
  type CredentialAnatomy,
  type CredentialPart,
} from "@/lib/lab/inspect";
import { request } from "../support/requests";
import { demoUsers } from "../support/users";

const NEXTAUTH_SECRET = process.env.NEXTAUTH_SECRET ?? "";

/** The wire form the parts describe: their delimiters and lengths must add up to the value. */
const wireLength = (parts: CredentialPart[]) => parts.reduce((sum, part) => sum + part.delimiter.length + part.length, 0);

/** No part that is not public shows more than its first 4 characters, nor the whole value anywhere. */
function expectNothingUsable(parts: CredentialPart[], value: string) {
  for (const part of parts.filter((candidate) => !candidate.public)) expect(part.shown).toMatch(/^[\w-]{0,4}…$/);
  expect(JSON.stringify(parts)).not.toContain(value);
}

async function nextAuthToken(claims: Record<string, unknown> = {}) {
  const { alice } = demoUsers();
  return encode({
    token: { sub: String(alice.id), uid: alice.id, username: alice.username, role: alice.role, sid: crypto.randomUUID(), sv: 0, ...claims },
    secret: NEXTAUTH_SECRET,
  });
}

describe("describeIronSeal", () => {
  it("labels every part of a real iron-session seal, in iron's order", async () => {
    const { seal, session } = await sealSession(demoUsers().alice);
    const parts = describeIronSeal(seal);
    expect(parts?.map((part) => part.label)).toEqual([
      "Format",
      "Password id",
      "Encryption salt",
      "IV",
      "Ciphertext",
      "Expiration",
      "HMAC salt",
      "HMAC",
      "iron-session version",
    ]);
    if (!parts) return;
    expect(wireLength(parts)).toBe(seal.length);
    expect(parts.map((part) => part.delimiter).join("")).toBe("*******~");
    expect(parts[0]).toMatchObject({ shown: "Fe26.2", public: true });
    expect(parts[1]).toMatchObject({ shown: "1", public: true });
    // 256-bit salts as hex, a 128-bit IV and a SHA-256 HMAC as base64url: iron-webcrypto's defaults.
    expect(parts.map((part) => part.length)).toEqual(expect.arrayContaining([64, 22, 43]));
    expect(parts[2]?.length).toBe(64);
    expect(parts[3]?.length).toBe(22);
    expect(parts[6]?.length).toBe(64);
    expect(parts[7]?.length).toBe(43);
    // The seal's own expiry is its ttl from now; the session's exp inside is the same moment, to the second.
    const expiration = Date.parse(parts[5]?.decoded ?? "");
    expect(Math.abs(expiration / 1000 - session.exp)).toBeLessThan(2);
    expect(parts[8]).toMatchObject({ shown: "2", delimiter: "~", public: true });
    expectNothingUsable(parts, seal);
  });

  it("reads the password id a seal was made with, so a rotation shows", async () => {
    const password = { 7: "a".repeat(32) };
    const seal = await sealData({ userId: 1 }, { password, ttl: 300 });
    expect(await unsealData(seal, { password, ttl: 300 })).toEqual({ userId: 1 });
    expect(describeIronSeal(seal)?.[1]).toMatchObject({ label: "Password id", shown: "7" });
  });

  it.each(["", "Fe26.2**x~2", "Fe26.1*1*a*b*c*1*d*e~2", "Fe26.2*1*a*b*c*1*d*e", "Fe26.2*1*a*b*c*1*d*e~3", "Fe26.2*1*a*b*c*soon*d*e~2"])(
    "is null for what is not a seal: %j",
    (value) => {
      expect(describeIronSeal(value)).toBeNull();
    },
  );
});

describe("describeNextAuthToken", () => {
  it("labels the five parts of next-auth's real JWE and shows its protected header", async () => {
    const token = await nextAuthToken();
    expect(await decode({ token, secret: NEXTAUTH_SECRET })).toMatchObject({ username: "alice" });
    const parts = describeNextAuthToken(token);
    expect(parts?.map((part) => part.label)).toEqual(["Protected header", "Encrypted key", "IV", "Ciphertext", "Authentication tag"]);
    if (!parts) return;
    expect(wireLength(parts)).toBe(token.length);
    expect(JSON.parse(parts[0]?.decoded ?? "")).toEqual({ alg: "dir", enc: "A256GCM" });
    expect(parts[1]).toMatchObject({ length: 0, shown: "", public: true });
    expect(parts[2]?.length).toBe(16); // 96-bit GCM nonce
    expect(parts[4]?.length).toBe(22); // 128-bit tag
    expectNothingUsable(parts, token);
  });

  it.each(["", "a.b.c", "e30.e30.e30.e30", "!!!..iv.ct.tag", "WzFd..iv.ct.tag"])("is null for what is not a JWE: %j", (value) => {
    expect(describeNextAuthToken(value)).toBeNull();
  });
});

describe("describeServerSessionToken", () => {
  it("splits a real session cookie into its id and secret, showing neither", async () => {
    const { token } = await createSession(demoUsers().bob, "vitest");
    const parts = describeServerSessionToken(token);
    expect(parts?.map((part) => [part.label, part.length])).toEqual([
      ["Session id", 22],
      ["Secret", 43],
    ]);
    if (!parts) return;
    expect(wireLength(parts)).toBe(token.length);
    expect(parts[1]?.purpose).toMatch(/SHA-256/);
    expectNothingUsable(parts, token);
  });

  it.each(["", "abc.def", `${"a".repeat(22)}.${"b".repeat(42)}`, `${"a".repeat(22)}.${"b".repeat(43)}.x`])("is null for %j", (value) => {
    expect(describeServerSessionToken(value)).toBeNull();
  });
});

describe("inspecting a request's cookie", () => {
  it("names the cookie and counts its bytes", async () => {
    const { seal } = await sealSession(demoUsers().alice);
    const anatomy = inspectCookieSession(request("/api/cookie/inspect", { headers: { cookie: `other=1; session-lab=${seal}` } }));
    expect(anatomy).toMatchObject({ approach: "cookie", cookies: [{ name: "session-lab", bytes: seal.length }], bytes: seal.length });
  });

  it("reads the __Host- cookie over https, as the guard does", async () => {
    const { seal } = await sealSession(demoUsers().alice);
    const headers = { cookie: `__Host-session-lab=${seal}`, "x-forwarded-proto": "https" };
    expect(inspectCookieSession(request("/api/cookie/inspect", { headers })).cookies[0]?.name).toBe("__Host-session-lab");
  });

  it("joins next-auth's chunks in order, as next-auth does past 4 KB", async () => {
    const token = await nextAuthToken({ padding: "x".repeat(5000) });
    const [first, second] = [token.slice(0, 3933), token.slice(3933)];
    const cookie = `next-auth.session-token.1=${second}; next-auth.session-token.0=${first}`;
    const anatomy = inspectNextAuthSession(request("/api/nextauth/inspect", { headers: { cookie } }));
    expect(anatomy.cookies).toEqual([
      { name: "next-auth.session-token.0", bytes: first.length },
      { name: "next-auth.session-token.1", bytes: second.length },
    ]);
    expect(anatomy.bytes).toBe(token.length);
    expect(wireLength(anatomy.parts)).toBe(token.length);
  });

  it("describes the server session's cookie", async () => {
    const { token } = await createSession(demoUsers().alice, "vitest");
    const anatomy = inspectServerSession(request("/api/server-session/inspect", { headers: { cookie: `session-lab.sid=${token}` } }));
    expect(anatomy).toMatchObject({ approach: "server-session", cookies: [{ name: "session-lab.sid", bytes: 66 }], bytes: 66 });
  });

  it("throws the guard's errors for a missing or foreign value", () => {
    expect(() => inspectCookieSession(request("/api/cookie/inspect"))).toThrow(expect.objectContaining({ reason: "missing" }));
    expect(() => inspectServerSession(request("/", { headers: { cookie: "session-lab.sid=nope" } }))).toThrow(
      expect.objectContaining({ reason: "invalid" }),
    );
  });
});

describe("GET /api/{approach}/inspect", () => {
  const context = {};

  it.each([
    ["cookie", inspectCookieRoute],
    ["nextauth", inspectNextAuthRoute],
    ["server-session", inspectServerSessionRoute],
  ] as const)("%s: 401 problem without a credential, never cached", async (approach, GET) => {
    const response = await GET(request(`/api/${approach}/inspect`), context);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("cookie: 401 for a seal that does not open, however well formed", async () => {
    const { seal } = await sealSession(demoUsers().alice);
    const forged = seal.replace(/\*([\w-])([\w-]*)~2$/, (_, first: string, rest: string) => `*${first === "A" ? "B" : "A"}${rest}~2`);
    expect(forged).not.toBe(seal);
    const response = await inspectCookieRoute(request("/api/cookie/inspect", { headers: { cookie: `session-lab=${forged}` } }), context);
    expect(response.status).toBe(401);
  });

  it.each([
    ["cookie", inspectCookieRoute, async () => `session-lab=${(await sealSession(demoUsers().alice)).seal}`],
    ["server-session", inspectServerSessionRoute, async () => `session-lab.sid=${(await createSession(demoUsers().alice, "vitest")).token}`],
  ] as const)("%s: the structure of the caller's own cookie, never cached", async (approach, GET, cookie) => {
    const value = await cookie();
    const response = await GET(request(`/api/${approach}/inspect`, { headers: { cookie: value } }), context);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    expect(text).not.toContain(value.slice(value.indexOf("=") + 1));
    const { credential } = JSON.parse(text) as { credential: CredentialAnatomy };
    expect(credential.approach).toBe(approach);
    expect(wireLength(credential.parts)).toBe(credential.bytes);
  });
});
