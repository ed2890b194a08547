import { sealData } from "iron-session";
import { describe, expect, it } from "vitest";
import { endRequestSession, getCookieUser, requireCookieUser } from "@/lib/auth/cookie/guard";
import { sealPasswords } from "@/lib/auth/cookie/config";
import { sealSession } from "@/lib/auth/cookie/session";
import { db } from "@/lib/db";
import { CrossSiteError, ForbiddenError } from "@/lib/errors";
import { ORIGIN, request } from "../../support/requests";
import { createUser, demoUsers } from "../../support/users";

async function cookieFor(user = demoUsers().alice) {
  return `session-lab=${(await sealSession(user)).seal}`;
}

describe("requireCookieUser", () => {
  it("returns the user whose sealed cookie came along", async () => {
    const { alice } = demoUsers();
    await expect(requireCookieUser(request("/api/cookie/me", { headers: { cookie: await cookieFor() } }))).resolves.toEqual(alice);
  });

  it("is not signed in without a cookie, or with a bad one (401, no bearer challenge)", async () => {
    await expect(requireCookieUser(request("/api/cookie/me"))).rejects.toMatchObject({ reason: "missing", scheme: "cookie" });
    await expect(requireCookieUser(request("/api/cookie/me", { headers: { cookie: "session-lab=Fe26.2**x~2" } }))).rejects.toMatchObject({
      reason: "invalid",
    });
  });

  it("stops accepting a deleted user's seal, also once a new user is made after them", async () => {
    const carol = createUser();
    const me = request("/api/cookie/me", { headers: { cookie: await cookieFor(carol) } });
    expect((await getCookieUser(me)).user).toEqual(carol);
    db().prepare("DELETE FROM users WHERE id = ?").run(carol.id);
    expect(await getCookieUser(me)).toEqual({ user: null, reason: "invalid" });
    await expect(requireCookieUser(me)).rejects.toMatchObject({ reason: "invalid", scheme: "cookie" });
    // carol had the highest id: without AUTOINCREMENT, dave would take it, and her seal would be his.
    const dave = createUser();
    expect(dave.id).toBeGreaterThan(carol.id);
    expect(await getCookieUser(me)).toEqual({ user: null, reason: "invalid" });
  });

  it("reads only the __Host- cookie over https", async () => {
    const httpsRequest = (cookie: string) =>
      request("/api/cookie/me", { headers: { cookie, "x-forwarded-proto": "https" } });
    const seal = (await sealSession(demoUsers().alice)).seal;
    await expect(requireCookieUser(httpsRequest(`session-lab=${seal}`))).rejects.toMatchObject({ reason: "missing" });
    await expect(requireCookieUser(httpsRequest(`__Host-session-lab=${seal}`))).resolves.toMatchObject({ username: "alice" });
  });

  it("answers insufficient_scope for the wrong role", async () => {
    const cookie = await cookieFor(demoUsers().bob);
    await expect(requireCookieUser(request("/api/cookie/admin", { headers: { cookie } }), { role: "admin" })).rejects.toMatchObject({
      constructor: ForbiddenError,
      scheme: "cookie",
    });
  });

  it.each<Record<string, string>>([
    { origin: "https://evil.example" },
    { origin: "null" },
    { origin: "http://localhost:3000.evil.example" },
    { origin: "http://evil.example" },
    { origin: "http://localhost:3001" },
    { origin: "http://127.0.0.1:3000" },
    { origin: "https://localhost:3000" },
    { "sec-fetch-site": "cross-site" },
    { "sec-fetch-site": "same-site" },
    { origin: ORIGIN, "sec-fetch-site": "cross-site" },
  ])("refuses a state-changing request from another site: %j", async (headers) => {
    const cookie = await cookieFor();
    const error = await requireCookieUser(request("/api/cookie/notes", { method: "POST", headers: { cookie, ...headers } })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CrossSiteError);
  });

  it("accepts a state-changing request from this site, and one from a non-browser client", async () => {
    const { alice } = demoUsers();
    const cookie = await cookieFor(alice);
    const sameSite = { cookie, origin: ORIGIN, "sec-fetch-site": "same-origin" };
    await expect(requireCookieUser(request("/api/cookie/notes", { method: "POST", headers: sameSite }))).resolves.toEqual(alice);
    await expect(requireCookieUser(request("/api/cookie/notes", { method: "DELETE", headers: { cookie } }))).resolves.toEqual(alice);
  });
});

describe("getCookieUser's size cap", () => {
  it("refuses a genuine seal over 4,096 characters, and accepts the same seal smaller", async () => {
    // Refused for its length alone: the guard measures a seal before it opens one.
    const { alice } = demoUsers();
    const { session } = await sealSession(alice);
    // The app's own session and password, with iron-session's application data to pad it.
    const padded = (bytes: number) => sealData({ ...session, data: "x".repeat(bytes) }, { password: sealPasswords(), ttl: 3600 });
    const withSeal = (seal: string) => request("/api/cookie/me", { headers: { cookie: `session-lab=${seal}` } });

    expect((await getCookieUser(withSeal(await padded(1000)))).user).toEqual(alice);
    const large = await padded(3500);
    expect(large.length).toBeGreaterThan(4096);
    expect(await getCookieUser(withSeal(large))).toEqual({ user: null, reason: "invalid" });
  });
});

describe("a sealed cookie whose name came more than once", () => {
  // Cookie tossing: a sibling subdomain can set a second `session-lab` beside the user's own.
  const carrying = (...seals: string[]) => request("/api/cookie/me", { headers: { cookie: seals.map((seal) => `session-lab=${seal}`).join("; ") } });

  it.each([["valid, garbage"], ["garbage, valid"], ["valid, valid"]])("signs nobody in, whichever copy holds the session (%s)", async (order) => {
    const { seal } = await sealSession(createUser());
    const seals = order.split(", ").map((kind) => (kind === "valid" ? seal : "Fe26.2**x~2"));
    expect(await getCookieUser(carrying(...seals))).toEqual({ user: null, reason: "malformed" });
    await expect(requireCookieUser(carrying(...seals))).rejects.toMatchObject({ reason: "malformed", scheme: "cookie" });
  });

  it("is read as usual when only other cookies repeat", async () => {
    const user = createUser();
    const cookie = `theme=a; session-lab=${(await sealSession(user)).seal}; theme=b`;
    expect((await getCookieUser(request("/api/cookie/me", { headers: { cookie } }))).user).toEqual(user);
  });

  it.each([["first"], ["last"]])("has its session ended at logout when the live copy comes %s", async (position) => {
    const { seal } = await sealSession(createUser());
    await endRequestSession(carrying(...(position === "first" ? [seal, "x"] : ["x", seal])));
    expect(await getCookieUser(carrying(seal))).toEqual({ user: null, reason: "revoked" });
  });

  it("has every live copy's session ended at logout, whoever's", async () => {
    const [mine, tossed] = [(await sealSession(createUser())).seal, (await sealSession(createUser())).seal];
    await endRequestSession(carrying(mine, tossed));
    for (const seal of [mine, tossed]) expect(await getCookieUser(carrying(seal))).toEqual({ user: null, reason: "revoked" });
  });
});
