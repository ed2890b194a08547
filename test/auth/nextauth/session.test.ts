import { hkdfSync } from "node:crypto";
import type { Account, Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import {
  RevokedSessionError,
  authorizeCredentials,
  failingClosedOnOutage,
  isNextAuthTokenRevoked,
  jwtCallback,
  redirectCallback,
  revokeNextAuthSession,
  sessionCallback,
  SIGN_IN_FAILED,
} from "@/lib/auth/nextauth/session";
import { db } from "@/lib/db";
import { TooManyAttemptsError } from "@/lib/errors";
import { HASHING_WAIT_LIMIT_MS } from "@/lib/hashing-threads";
import { errorResponse } from "@/lib/http";
import { env } from "@/lib/env";
import { store } from "@/lib/store";
import { hashing } from "../../support/hashing";
import { createUser } from "../../support/users";

vi.mock("@/lib/hashing-threads", async (real) => (await import("../../support/hashing")).busyWhenAsked(real));

const PASSWORD = "correct-horse-battery-staple";
const account: Account = { providerAccountId: "1", type: "credentials", provider: "credentials" };

async function signIn(username = "alice"): Promise<JWT> {
  const user = await authorizeCredentials({ username, password: PASSWORD });
  if (!user) throw new Error("expected a user");
  return jwtCallback({ token: {}, user, account, trigger: "signIn" });
}

// next-auth's types declare `user` (and signOut's `session`) always present; at run time a
// session read passes none, and that is what these calls reproduce.
const read = (token: JWT) => jwtCallback({ token, user: undefined as never, account: null });

describe("authorizeCredentials", () => {
  it("returns the user for the right password, as next-auth expects it", async () => {
    expect(await authorizeCredentials({ username: "alice", password: PASSWORD })).toEqual({ id: "1", username: "alice", role: "admin" });
  });

  it.each([
    { username: "alice", password: "wrong" },
    { username: "nobody", password: PASSWORD },
    { username: "", password: PASSWORD },
    { username: ["alice"], password: PASSWORD },
    {},
    undefined,
  ])("answers null for %j", async (credentials) => {
    expect(await authorizeCredentials(credentials)).toBeNull();
  });

  it("throws the throttle's refusal once an account is locked: next-auth puts its message in its URL", async () => {
    const { username } = createUser("member", PASSWORD);
    for (let i = 0; i < 5; i++) expect(await authorizeCredentials({ username, password: "wrong" })).toBeNull();
    const locked = authorizeCredentials({ username, password: PASSWORD });
    await expect(locked).rejects.toBeInstanceOf(TooManyAttemptsError);
    await expect(locked).rejects.toThrow("Too many failed sign-ins");
  });

  it("hands next-auth a message that names nothing when too busy to check, and the route the 503", async () => {
    hashing.busy = true;
    try {
      // What next-auth does with a throw from authorize: the message goes into its answer's URL.
      const nextAuth = () => authorizeCredentials({ username: "alice", password: PASSWORD }).then(
        () => Response.json({ url: "/" }),
        (error: unknown) => Response.json({ url: `/api/auth/error?error=${error instanceof Error ? error.message : ""}` }),
      );
      await expect(nextAuth().then((answer) => answer.json())).resolves.toEqual({ url: "/api/auth/error?error=Service unavailable" });
      const answer = await failingClosedOnOutage(nextAuth).catch(errorResponse); // as the route's wrapper does
      expect([answer.status, answer.headers.get("retry-after")]).toEqual([503, String(HASHING_WAIT_LIMIT_MS / 1000)]);
    } finally {
      hashing.busy = false;
    }
  });

  it("turns an unexpected failure into one plain error: its message would go into next-auth's URL", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    db().close(); // a real fault: the next query throws "The database connection is not open"
    try {
      await expect(authorizeCredentials({ username: "alice", password: PASSWORD })).rejects.toThrow(new Error(SIGN_IN_FAILED));
      expect(log.mock.calls.flat().join(" ")).toBe("[session-lab] unexpected TypeError during a next-auth sign-in");
    } finally {
      // The next test opens the file again, and a store on the new connection.
      delete (globalThis as { sessionLabDb?: unknown }).sessionLabDb;
      delete (globalThis as { sessionLabStore?: unknown }).sessionLabStore;
      log.mockRestore();
    }
  });
});

describe("jwtCallback", () => {
  it("writes who the user is and a fresh session id at sign-in", async () => {
    const token = await signIn();
    expect(token).toMatchObject({ sub: "1", uid: 1, username: "alice", role: "admin" });
    expect(token.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect((await signIn()).sid).not.toBe(token.sid);
  });

  it("keeps a live session, with the role the user has now", async () => {
    const token = await signIn("bob");
    expect(await read({ ...token, role: "admin" })).toMatchObject({ uid: 2, role: "member" });
  });

  it("refuses a revoked session, a token without a session id, and a deleted user", async () => {
    const token = await signIn();
    await revokeNextAuthSession(token.sid ?? "");
    await expect(read(token)).rejects.toBeInstanceOf(RevokedSessionError);
    await expect(read({ uid: 1, username: "alice", role: "admin" })).rejects.toBeInstanceOf(RevokedSessionError);

    db().prepare("INSERT INTO users (id, username, password_hash, role, created_at) VALUES (77, 'dave', 'x', 'member', 0)").run();
    const dave = await jwtCallback({ token: {}, user: { id: "77", username: "dave", role: "member" }, account });
    db().prepare("DELETE FROM users WHERE id = 77").run();
    await expect(read(dave)).rejects.toBeInstanceOf(RevokedSessionError);
  });

  it("refuses a token without a session id even when the rest of it is current", async () => {
    const token: JWT = { uid: 2, username: "bob", role: "member", sv: await store().sessionVersion(2) };
    await expect(read(token)).rejects.toBeInstanceOf(RevokedSessionError);
    expect(await isNextAuthTokenRevoked(token, false)).toBe(true); // without a sid there is nothing to revoke by: never trusted
  });

  it("never trusts a token without a user id or session version, even with the revocation check off", async () => {
    const sv = await store().sessionVersion(2);
    expect(await isNextAuthTokenRevoked({ sid: crypto.randomUUID(), uid: 2 }, false)).toBe(true);
    expect(await isNextAuthTokenRevoked({ sid: crypto.randomUUID(), sv }, false)).toBe(true);
    expect(await isNextAuthTokenRevoked({ sid: crypto.randomUUID(), uid: 2, sv }, false)).toBe(false);
  });

  it("keeps a signed-out session refused past the signed-out cookie's exp, as long as a refreshed copy lives", async () => {
    const token = await signIn("bob");
    const signedOutAt = Date.now();
    // Whatever the exp of the cookie signed out, a copy next-auth re-issued earlier lives on.
    await revokeNextAuthSession(token.sid ?? "", signedOutAt);
    vi.useFakeTimers({ now: signedOutAt + env().NEXTAUTH_SESSION_TTL_SECONDS * 1000 - 1000, toFake: ["Date"] });
    try {
      await expect(read(token)).rejects.toBeInstanceOf(RevokedSessionError);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("sessionCallback", () => {
  it("shows the public fields only", async () => {
    const token = await signIn();
    const session: Session = { expires: "2030-01-01T00:00:00.000Z", user: { id: 0, username: "", role: "member" } };
    const shown = await sessionCallback({ session, token, user: undefined as never, newSession: undefined, trigger: "update" });
    expect(shown).toEqual({ expires: session.expires, user: { id: 1, username: "alice", role: "admin" } });
    expect(JSON.stringify(shown)).not.toContain(token.sid ?? "sid");
  });
});

describe("redirectCallback", () => {
  const baseUrl = "http://localhost:3000";
  it.each([
    ["/nextauth/account", "http://localhost:3000/nextauth/account"],
    ["http://localhost:3000/nextauth/account?x=1", "http://localhost:3000/nextauth/account?x=1"],
    ["https://evil.example/steal", "http://localhost:3000/nextauth"],
    ["//evil.example", "http://localhost:3000/nextauth"],
    ["/\\evil.example", "http://localhost:3000/nextauth"],
    ["javascript:alert(1)", "http://localhost:3000/nextauth"],
    ["http://localhost:3000.evil.example/", "http://localhost:3000/nextauth"],
    ["/.//evil.example", "http://localhost:3000/nextauth"],
    ["http://localhost:3000/..//evil.example/", "http://localhost:3000/nextauth"],
  ])("sends %j to %j", async (url, expected) => {
    expect(await redirectCallback({ url, baseUrl })).toBe(expected);
  });
});

describe("sign out everywhere", () => {
  it("kills a next-auth session made before it", async () => {
    const { signOutEverywhere } = await import("@/lib/store");
    const token = await signIn("bob");
    await signOutEverywhere(2);
    await expect(read(token)).rejects.toBeInstanceOf(RevokedSessionError);
    await expect(read(await signIn("bob"))).resolves.toMatchObject({ username: "bob" });
  });
});

describe("decodeSessionToken", () => {
  it("decodes next-auth's cookie, and refuses a tampered one even after the original was remembered", async () => {
    const { encode } = await import("next-auth/jwt");
    const { decodeSessionToken } = await import("@/lib/auth/nextauth/session");
    const secret = process.env.NEXTAUTH_SECRET ?? "";
    const token = await encode({ token: { uid: 1, sid: "s" }, secret });
    expect(await decodeSessionToken({ token, secret })).toMatchObject({ uid: 1, sid: "s" });
    expect(await decodeSessionToken({ token, secret })).toMatchObject({ uid: 1, sid: "s" });
    await expect(decodeSessionToken({ token: `${token.slice(0, -3)}AAA`, secret })).rejects.toMatchObject({ code: "ERR_JWE_DECRYPTION_FAILED" });
  });

  it("refuses every other spelling of a cookie it wrote, even once the cookie is remembered", async () => {
    const { encode } = await import("next-auth/jwt");
    const { decodeSessionToken } = await import("@/lib/auth/nextauth/session");
    const secret = process.env.NEXTAUTH_SECRET ?? "";
    const token = await encode({ token: { uid: 1, sid: "s" }, secret });
    // jose reads "=" padding, and drops the four spare bits of a GCM tag's last character.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(token.at(-1) ?? "");
    const respelled = [`${token}==`, ...Array.from({ length: 15 }, (_, bits) => token.slice(0, -1) + alphabet[last ^ (bits + 1)])];
    expect(await decodeSessionToken({ token, secret })).toMatchObject({ uid: 1 });
    for (const spelling of respelled) expect(await decodeSessionToken({ token: spelling, secret }), spelling.slice(-3)).toBeNull();
  });

  it("refuses a cookie made with the secret whose claims have other types than this app writes", async () => {
    const { encode } = await import("next-auth/jwt");
    const { decodeSessionToken } = await import("@/lib/auth/nextauth/session");
    const secret = process.env.NEXTAUTH_SECRET ?? "";
    const forged = async (claims: Record<string, unknown>) => {
      const token: JWT = { uid: 1, sid: "s", sv: 0, ...claims }; // types that only a forger's code would write
      return encode({ token, secret });
    };
    const claims = [{ uid: {} }, { uid: true }, { uid: "1" }, { uid: -1 }, { sid: {} }, { sv: "0" }, { sv: 0.5 }, { role: "root" }, { username: [] }];
    const decoded = await Promise.all(claims.map(async (wrong) => decodeSessionToken({ token: await forged(wrong), secret })));
    expect(decoded).toEqual(claims.map(() => null));
    expect(await decodeSessionToken({ token: await forged({ role: "member", username: "bob" }), secret })).toMatchObject({ uid: 1, sv: 0 });
  });

  it("decrypts next-auth's own header only: next-auth's decode would follow one naming PBES2", async () => {
    const { CompactEncrypt } = await import("jose");
    const { decode } = await import("next-auth/jwt");
    const { decodeSessionToken } = await import("@/lib/auth/nextauth/session");
    const secret = process.env.NEXTAUTH_SECRET ?? "";
    // next-auth's key for salt "", used as the PBES2 password: a token next-auth's decode opens.
    const key = new Uint8Array(hkdfSync("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32));
    const claims = new TextEncoder().encode(JSON.stringify({ uid: 1, sid: "s", exp: Math.floor(Date.now() / 1000) + 60 }));
    const pbes2 = await new CompactEncrypt(claims).setProtectedHeader({ alg: "PBES2-HS256+A128KW", enc: "A256GCM", p2c: 10_000 }).encrypt(key);
    expect(await decode({ token: pbes2, secret })).toMatchObject({ uid: 1 });
    expect(await decodeSessionToken({ token: pbes2, secret })).toBeNull();
    expect(await decodeSessionToken({ token: "not.a.jwe.at.all", secret })).toBeNull();
  });

  it("refuses a cookie it remembered once the cookie's own exp has passed", async () => {
    const { encode } = await import("next-auth/jwt");
    const { decodeSessionToken } = await import("@/lib/auth/nextauth/session");
    const secret = process.env.NEXTAUTH_SECRET ?? "";
    const token = await encode({ token: { uid: 1, sid: "s" }, secret, maxAge: 60 });
    const decoded = await decodeSessionToken({ token, secret }); // now remembered
    if (typeof decoded?.exp !== "number") throw new Error("expected an exp");
    vi.useFakeTimers({ now: (decoded.exp + 16) * 1000, toFake: ["Date"] }); // past next-auth's 15 s of clock tolerance
    try {
      await expect(decodeSessionToken({ token, secret })).rejects.toMatchObject({ code: "ERR_JWT_EXPIRED" });
    } finally {
      vi.useRealTimers();
    }
  });
});
