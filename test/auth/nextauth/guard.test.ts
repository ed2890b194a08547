import { encode } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import { getNextAuthUser, requireNextAuthUser, revokeOnSignOut } from "@/lib/auth/nextauth/guard";
import { authorizeCredentials, jwtCallback } from "@/lib/auth/nextauth/session";
import { CrossSiteError, ForbiddenError } from "@/lib/errors";
import { store } from "@/lib/store";
import { ORIGIN, request } from "../../support/requests";

const secret = () => process.env.NEXTAUTH_SECRET ?? "";

/** next-auth's session cookie for `username`, as its sign-in would make it (jwt callback, then encode). */
async function sessionCookie(username: string, { maxAge = 3600 } = {}) {
  const user = await authorizeCredentials({ username, password: "correct-horse-battery-staple" });
  if (!user) throw new Error("expected a user");
  const token = await jwtCallback({ token: {}, user, account: null, trigger: "signIn" });
  return { token, value: await encode({ token, secret: secret(), maxAge }) };
}

const me = (cookie?: string) => request("/api/nextauth/me", { headers: cookie ? { cookie } : {} });

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

describe("revokeOnSignOut", () => {
  // next-auth's answers to a sign-out: one clearing the cookie it signed out, one clearing nothing.
  const signedOut = (name = "next-auth.session-token") =>
    new Response(null, { headers: [["set-cookie", `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`]] });
  const csrfRefused = () => Response.json({ url: `${ORIGIN}/api/auth/signout?csrf=true` });
  const signOut = (cookie: string) => request("/api/auth/signout", { method: "POST", headers: { cookie, origin: ORIGIN } });

  it("revokes the session once next-auth's answer clears its cookie", async () => {
    const { value } = await sessionCookie("bob");
    const cookie = `next-auth.session-token=${value}`;
    await revokeOnSignOut(signOut(cookie), csrfRefused());
    expect(await getNextAuthUser(me(cookie))).toMatchObject({ user: { username: "bob" } }); // next-auth said no: nothing changed
    await revokeOnSignOut(signOut(cookie), signedOut());
    expect(await getNextAuthUser(me(cookie))).toEqual({ user: null, reason: "revoked" });
  });

  it("revokes a session next-auth had split into chunks", async () => {
    const { value } = await sessionCookie("bob");
    const middle = Math.floor(value.length / 2);
    const chunked = `next-auth.session-token.0=${value.slice(0, middle)}; next-auth.session-token.1=${value.slice(middle)}`;
    await revokeOnSignOut(signOut(chunked), signedOut("next-auth.session-token.0"));
    expect(await getNextAuthUser(me(chunked))).toEqual({ user: null, reason: "revoked" });
  });

  it("lets a sign-out without a readable session through", async () => {
    for (const cookie of ["", "next-auth.session-token=not-a-jwe"]) {
      await expect(revokeOnSignOut(signOut(cookie), signedOut())).resolves.toBeUndefined();
    }
  });
});

describe("refuseWhatNextAuthCannotRead", () => {
  it("clears a planted callback cookie under its __Secure- name, Secure, when the site is https", async () => {
    process.env.NEXTAUTH_URL = "https://lab.example";
    vi.resetModules(); // a fresh lib/env.ts reads the setting again
    try {
      const { refuseWhatNextAuthCannotRead: onHttps } = await import("@/lib/auth/nextauth/guard");
      const planted = request("/api/auth/session", { headers: { cookie: "__Secure-next-auth.callback-url=javascript:alert(1)" } });
      const answer = onHttps(planted, ["session"]);
      expect([answer?.status, answer?.headers.get("set-cookie")]).toEqual([400, "__Secure-next-auth.callback-url=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure"]);
      expect(onHttps(request("/api/auth/session", { headers: { cookie: "__Secure-next-auth.callback-url=https%3A%2F%2Flab.example%2F" } }), ["session"])).toBeNull();
    } finally {
      delete process.env.NEXTAUTH_URL;
    }
  });
});
