import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { getNextAuthUser, requireNextAuthUser } from "@/lib/auth/nextauth/guard";
import { CrossSiteError, ForbiddenError } from "@/lib/errors";
import { store } from "@/lib/store";
import { me, nextAuthSecret as secret, sessionCookie } from "../../support/nextauth";
import { ORIGIN, request } from "../../support/requests";

describe("getNextAuthUser", () => {
  it("returns the user of a valid session cookie, with the role the store has now", async () => {
    const { value } = await sessionCookie("alice");
    expect(await getNextAuthUser(me(`next-auth.session-token=${value}`))).toEqual({ user: { id: 1, username: "alice", role: "admin" } });
  });

  it("joins a cookie next-auth split into chunks", async () => {
    const { value } = await sessionCookie("bob");
    const middle = Math.floor(value.length / 2);
    const chunked = `next-auth.session-token.0=${value.slice(0, middle)}; next-auth.session-token.1=${value.slice(middle)}`;
    expect(await getNextAuthUser(me(chunked))).toMatchObject({ user: { username: "bob" } });
  });

  it("tells missing, tampered, expired and revoked apart", async () => {
    expect(await getNextAuthUser(me())).toEqual({ user: null, reason: "missing" });

    const { value, token } = await sessionCookie("bob");
    expect(await getNextAuthUser(me(`next-auth.session-token=${value.slice(0, -4)}AAAA`))).toEqual({ user: null, reason: "invalid" });
    expect(await getNextAuthUser(me("next-auth.session-token=not-a-jwe"))).toEqual({ user: null, reason: "invalid" });

    // next-auth allows 15 s of clock skew: an hour ago is expired by any measure.
    const expired = await encode({ token, secret: secret(), maxAge: -3600 });
    expect(await getNextAuthUser(me(`next-auth.session-token=${expired}`))).toEqual({ user: null, reason: "expired" });

    expect(token.sid).toBeTypeOf("string");
    await store().revokeId(token.sid ?? "", Date.now() + 3_600_000);
    expect(await getNextAuthUser(me(`next-auth.session-token=${value}`))).toEqual({ user: null, reason: "revoked" });
  });

  it("refuses a cookie made with another secret", async () => {
    const { token } = await sessionCookie("alice");
    const foreign = await encode({ token, secret: "another-secret-that-is-long-enough-0123456789" });
    expect(await getNextAuthUser(me(`next-auth.session-token=${foreign}`))).toEqual({ user: null, reason: "invalid" });
  });
});

describe("requireNextAuthUser", () => {
  it("refuses a state change from another site, and a member at an admin route", async () => {
    const { value } = await sessionCookie("bob");
    const cookie = `next-auth.session-token=${value}`;
    const crossSite = request("/api/nextauth/notes", { method: "POST", headers: { cookie, origin: "https://evil.example" } });
    await expect(requireNextAuthUser(crossSite)).rejects.toBeInstanceOf(CrossSiteError);
    const sameSite = request("/api/nextauth/admin", { headers: { cookie, origin: ORIGIN } });
    await expect(requireNextAuthUser(sameSite, { role: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("getNextAuthUser, reading the cookie by next-auth's own rule", () => {
  it.each([["valid, garbage"], ["garbage, valid"], ["valid, valid"]])("signs nobody in when the cookie's name came more than once (%s)", async (order) => {
    const { value } = await sessionCookie("bob");
    const cookie = order
      .split(", ")
      .map((kind) => `next-auth.session-token=${kind === "valid" ? value : "not-a-jwe"}`)
      .join("; ");
    expect(await getNextAuthUser(me(cookie))).toEqual({ user: null, reason: "malformed" });
  });

  it("signs nobody in when a chunk's name came more than once", async () => {
    const { value } = await sessionCookie("bob");
    const middle = Math.floor(value.length / 2);
    const cookie = `next-auth.session-token.0=${value.slice(0, middle)}; next-auth.session-token.1=${value.slice(middle)}; next-auth.session-token.1=x`;
    expect(await getNextAuthUser(me(cookie))).toEqual({ user: null, reason: "malformed" });
  });

  it("reads every cookie whose name starts with the session cookie's, ordered by the number after its last dot", async () => {
    const { value } = await sessionCookie("bob");
    const [a, b] = [value.slice(0, 100), value.slice(100)];
    // What next-auth's SessionStore reads as bob's session, and so must the guard.
    for (const cookie of [
      `next-auth.session-token.1=${value}`,
      `next-auth.session-token.7=${b}; next-auth.session-token.0=${a}`,
      `theme=dark; next-auth.session-token.05=${b}; next-auth.session-tokenX.1=${a}`,
    ]) {
      expect(await getNextAuthUser(me(cookie)), cookie).toMatchObject({ user: { username: "bob" } });
    }
  });
});
