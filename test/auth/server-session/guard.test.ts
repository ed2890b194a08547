import { beforeEach, describe, expect, it, vi } from "vitest";
import { endRequestSession, getServerSessionUser, requireServerSession, requireServerSessionUser } from "@/lib/auth/server-session/guard";
import { PREVIOUS_SECRET_GRACE_MS } from "@/lib/auth/server-session/config";
import { createSession, validateSessionToken } from "@/lib/auth/server-session/session";
import { ForbiddenError } from "@/lib/errors";
import { setRole } from "@/lib/users";
import { request } from "../../support/requests";
import { createUser, demoUsers } from "../../support/users";

// Outside a Next.js request `cookies()` is read-only, and the guard sets one when it
// rotates a session: here the cookies it sets land in a jar the tests can read.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  cookies: async () => ({ set: (name: string, value: string) => void jar.set(name, value) }),
}));

beforeEach(() => jar.clear());

const byAlice = () => ({ by: demoUsers().alice.id });

const me = (token: string, pathname = "/api/server-session/me") => request(pathname, { headers: { cookie: `session-lab.sid=${token}` } });

describe("requireServerSessionUser", () => {
  it("returns the user whose session cookie came along, and sets no cookie", async () => {
    const { alice } = demoUsers();
    const { token } = await createSession(alice, null);
    await expect(requireServerSessionUser(me(token))).resolves.toEqual(alice);
    expect(jar.size).toBe(0);
  });

  it("answers insufficient_scope for the wrong role", async () => {
    const { token } = await createSession(demoUsers().bob, null);
    const error = await requireServerSessionUser(me(token, "/api/server-session/admin"), { role: "admin" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ scheme: "cookie" });
  });

  it("gives the session a new secret once the user's role changed, and ends the old one after its grace", async () => {
    const user = createUser("member");
    const { token, session } = await createSession(user, null);
    setRole(user.username, "admin", byAlice());

    await expect(requireServerSessionUser(me(token), { role: "admin" })).resolves.toEqual({ ...user, role: "admin" });
    const issued = jar.get("session-lab.sid");
    expect(issued).toBeTypeOf("string");
    expect(issued).not.toBe(token);
    expect(await validateSessionToken(issued ?? "")).toMatchObject({ ok: true, current: true, session: { id: session.id, userId: user.id, role: "admin" } });
    expect(await validateSessionToken(token, Date.now() + PREVIOUS_SECRET_GRACE_MS)).toEqual({ ok: false, reason: "invalid" });
  });

  it("hands routes the session in use: the rotated one, with the new secret in its cookie", async () => {
    const user = createUser("member");
    const { token, session } = await createSession(user, null);
    expect((await requireServerSession(me(token))).session).toMatchObject({ id: session.id, role: "member" });
    setRole(user.username, "admin", byAlice());
    const rotated = await requireServerSession(me(token));
    expect(rotated.session).toMatchObject({ id: session.id, role: "admin" });
    expect(rotated.session.secretHash).not.toBe(session.secretHash);
    expect(await validateSessionToken(jar.get("session-lab.sid") ?? "")).toMatchObject({ ok: true, current: true });
  });

  it("checks a route's role against the user's role now, not the session's: a demotion within the grace holds", async () => {
    const user = createUser("member");
    const { token } = await createSession(user, null);
    setRole(user.username, "admin", byAlice());
    await requireServerSession(me(token)); // rotated: the session's secret is now an admin's
    setRole(user.username, "member", byAlice()); // demoted again, within the replaced secret's grace
    const admin = me(token, "/api/server-session/admin");
    await expect(requireServerSessionUser(admin, { role: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("lets a request that still holds the replaced secret in, without rotating the session again", async () => {
    const user = createUser("member");
    const { token } = await createSession(user, null);
    setRole(user.username, "admin", byAlice());
    await requireServerSession(me(token)); // the request that rotated it
    const issued = jar.get("session-lab.sid");
    jar.clear();

    setRole(user.username, "member", byAlice()); // changed again, within the replaced secret's grace
    await expect(requireServerSessionUser(me(token))).resolves.toEqual(user);
    expect(jar.size).toBe(0); // only the holder of the current secret may rotate it
    expect(await validateSessionToken(issued ?? "")).toMatchObject({ ok: true, current: true });
  });
});

describe("a session cookie whose name came more than once", () => {
  // Cookie tossing: a sibling subdomain can set a second `session-lab.sid` beside the user's own.
  const carrying = (...tokens: string[]) =>
    request("/api/server-session/me", { headers: { cookie: tokens.map((token) => `session-lab.sid=${token}`).join("; ") } });
  const garbage = `${"A".repeat(22)}.${"B".repeat(43)}`;

  it.each([["valid, garbage"], ["garbage, valid"], ["valid, valid"]])("signs nobody in, whichever copy holds the session (%s)", async (order) => {
    const { token } = await createSession(createUser(), null);
    const tokens = order.split(", ").map((kind) => (kind === "valid" ? token : garbage));
    expect(await getServerSessionUser(carrying(...tokens))).toEqual({ user: null, reason: "malformed" });
    await expect(requireServerSessionUser(carrying(...tokens))).rejects.toMatchObject({ reason: "malformed", scheme: "cookie" });
  });

  it("is read as usual when only other cookies repeat", async () => {
    const user = createUser();
    const { token } = await createSession(user, null);
    const cookie = `theme=a; session-lab.sid=${token}; theme=b`;
    expect((await getServerSessionUser(request("/api/server-session/me", { headers: { cookie } }))).user).toEqual(user);
  });

  it.each([["first"], ["last"]])("has its session ended at logout when the live copy comes %s", async (position) => {
    const { token } = await createSession(createUser(), null);
    await endRequestSession(carrying(...(position === "first" ? [token, garbage] : [garbage, token])));
    expect((await validateSessionToken(token)).ok).toBe(false);
  });

  it("has every live copy's session ended at logout, whoever's", async () => {
    const [mine, tossed] = [(await createSession(createUser(), null)).token, (await createSession(createUser(), null)).token];
    await endRequestSession(carrying(mine, tossed));
    for (const token of [mine, tossed]) expect((await validateSessionToken(token)).ok).toBe(false);
  });
});
