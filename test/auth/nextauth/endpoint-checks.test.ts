import { describe, expect, it, vi } from "vitest";
import { refuseWhatNextAuthCannotRead, revokeOnSignIn, revokeOnSignOut } from "@/lib/auth/nextauth/endpoint-checks";
import { getNextAuthUser } from "@/lib/auth/nextauth/guard";
import { me, sessionCookie } from "../../support/nextauth";
import { ORIGIN, request } from "../../support/requests";

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

  it("revokes a session under any name next-auth reads as the session cookie (next-auth.session-token.1)", async () => {
    const { value } = await sessionCookie("bob");
    await revokeOnSignOut(signOut(`next-auth.session-token.1=${value}`), signedOut("next-auth.session-token.1"));
    expect(await getNextAuthUser(me(`next-auth.session-token=${value}`))).toEqual({ user: null, reason: "revoked" });
  });

  // Cookie tossing: a sibling subdomain can set a second session cookie (even `__Secure-`) beside the user's own.
  it.each([
    ["next-auth.session-token=<live>; next-auth.session-token=x"],
    ["next-auth.session-token=x; next-auth.session-token=<live>"],
    ["next-auth.session-token=<live>; next-auth.session-token.1=x"],
    ["next-auth.session-token.0=x; next-auth.session-token=<live>"],
  ])("revokes every live session in a cookie tossed beside another: %s", async (template) => {
    const { value } = await sessionCookie("bob");
    await revokeOnSignOut(signOut(template.replace("<live>", value)), signedOut());
    expect(await getNextAuthUser(me(`next-auth.session-token=${value}`))).toEqual({ user: null, reason: "revoked" });
  });

  it("revokes every copy when next-auth read an empty copy, so cleared nothing, whatever it answered", async () => {
    // A tossed `next-auth.session-token=` after the user's own: next-auth reads the last copy, finds no
    // session, and answers its sign-out (to the callback URL) without a cookie to clear. What its
    // answer says is no guide: a callbackUrl of the caller's own reads like its CSRF refusal.
    for (const answer of [
      Response.json({ url: `${ORIGIN}/nextauth` }),
      new Response(null, { status: 302, headers: { location: `${ORIGIN}/nextauth` } }),
      Response.json({ url: `${ORIGIN}/api/auth/signout?csrf=true` }),
    ]) {
      const { value: live } = await sessionCookie("bob");
      await revokeOnSignOut(signOut(`next-auth.session-token=${live}; next-auth.session-token=`), answer);
      expect(await getNextAuthUser(me(`next-auth.session-token=${live}`))).toEqual({ user: null, reason: "revoked" });
    }
  });

  it("revokes both sessions when the cookie came twice, each live", async () => {
    const [mine, tossed] = [(await sessionCookie("bob")).value, (await sessionCookie("alice")).value];
    await revokeOnSignOut(signOut(`next-auth.session-token=${mine}; next-auth.session-token=${tossed}`), signedOut());
    for (const value of [mine, tossed]) expect(await getNextAuthUser(me(`next-auth.session-token=${value}`))).toEqual({ user: null, reason: "revoked" });
  });

  it.each([["first"], ["last"]])("revokes a chunked session whose chunk came twice, the user's copy %s", async (position) => {
    const { value } = await sessionCookie("bob");
    const [head, tail] = [value.slice(0, 100), value.slice(100)];
    const copies = position === "first" ? [tail, "x"] : ["x", tail];
    const cookie = [`next-auth.session-token.0=${head}`, ...copies.map((copy) => `next-auth.session-token.1=${copy}`)].join("; ");
    await revokeOnSignOut(signOut(cookie), signedOut("next-auth.session-token.0"));
    expect(await getNextAuthUser(me(`next-auth.session-token=${value}`))).toEqual({ user: null, reason: "revoked" });
  });
});

describe("revokeOnSignIn", () => {
  // next-auth's answers to a sign-in: one setting a new session cookie (whole, or in chunks past 4 KB), one setting none.
  const signedIn = (...names: string[]) =>
    new Response(null, { headers: names.map((name): [string, string] => ["set-cookie", `${name}=eyJhbGciOiJkaXIi.new; Path=/; HttpOnly; SameSite=Lax`]) });
  const refused = () => Response.json({ url: `${ORIGIN}/api/auth/error?error=CredentialsSignin` }, { status: 401 });
  const signIn = (cookie: string) => request("/api/auth/callback/credentials", { method: "POST", headers: { cookie, origin: ORIGIN } });

  it("ends the session the request carried once next-auth's answer sets a new cookie, and only then", async () => {
    const { value } = await sessionCookie("alice");
    const cookie = `next-auth.session-token=${value}`;
    await revokeOnSignIn(signIn(cookie), refused());
    expect(await getNextAuthUser(me(cookie))).toMatchObject({ user: { username: "alice" } }); // nobody signed in: nothing changed
    await revokeOnSignIn(signIn(cookie), signedIn("next-auth.session-token.0", "next-auth.session-token.1"));
    expect(await getNextAuthUser(me(cookie))).toEqual({ user: null, reason: "revoked" });
  });

  it("lets a sign-in without a readable session through", async () => {
    for (const cookie of ["", "next-auth.session-token=not-a-jwe"]) {
      await expect(revokeOnSignIn(signIn(cookie), signedIn("next-auth.session-token"))).resolves.toBeUndefined();
    }
  });
});

describe("refuseWhatNextAuthCannotRead", () => {
  it("refuses a callbackUrl in a JSON body that is no string, which next-auth's redirect callback would throw on", async () => {
    const signOut = request("/api/auth/signout", { method: "POST" });
    for (const callbackUrl of [1, true, ["/nextauth"], { url: "/nextauth" }]) {
      const answer = refuseWhatNextAuthCannotRead(signOut, ["signout"], { csrfToken: "x", callbackUrl });
      expect(answer?.status, JSON.stringify(callbackUrl)).toBe(400);
      expect(await answer?.json()).toMatchObject({ detail: "callbackUrl must be a string." });
    }
    // What next-auth reads as no callbackUrl, and strings, which the callback keeps on this site.
    for (const body of [undefined, null, 1, [], {}, { callbackUrl: null }, { callbackUrl: 0 }, { callbackUrl: "" }, { callbackUrl: "https://evil.example/" }]) {
      expect(refuseWhatNextAuthCannotRead(signOut, ["signout"], body), JSON.stringify(body)).toBeNull();
    }
  });

  it("clears a planted callback cookie under its __Secure- name, Secure, when the site is https", async () => {
    process.env.NEXTAUTH_URL = "https://lab.example";
    vi.resetModules(); // a fresh lib/env.ts reads the setting again
    try {
      const { refuseWhatNextAuthCannotRead: onHttps } = await import("@/lib/auth/nextauth/endpoint-checks");
      const planted = request("/api/auth/session", { headers: { cookie: "__Secure-next-auth.callback-url=javascript:alert(1)" } });
      const answer = onHttps(planted, ["session"]);
      expect([answer?.status, answer?.headers.get("set-cookie")]).toEqual([400, "__Secure-next-auth.callback-url=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure"]);
      expect(onHttps(request("/api/auth/session", { headers: { cookie: "__Secure-next-auth.callback-url=https%3A%2F%2Flab.example%2F" } }), ["session"])).toBeNull();
    } finally {
      delete process.env.NEXTAUTH_URL;
    }
  });
});
