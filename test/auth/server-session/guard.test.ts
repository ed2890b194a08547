import { beforeEach, describe, expect, it, vi } from "vitest";
import { requireServerSession, requireServerSessionUser } from "@/lib/auth/server-session/guard";
import { createSession, validateSessionToken } from "@/lib/auth/server-session/session";
import { ForbiddenError } from "@/lib/errors";
import { store } from "@/lib/store";
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

  it("gives the session a new id once the user's role changed, and ends the old id", async () => {
    const user = createUser("member");
    const { token, session } = await createSession(user, null);
    setRole(user.username, "admin");

    await expect(requireServerSessionUser(me(token), { role: "admin" })).resolves.toEqual({ ...user, role: "admin" });
    const issued = jar.get("session-lab.sid");
    expect(issued).toBeTypeOf("string");
    expect(issued).not.toBe(token);
    expect(await validateSessionToken(issued ?? "")).toMatchObject({ ok: true, session: { userId: user.id, role: "admin" } });
    expect(await store().getServerSession(session.id)).toBeNull();
    expect(await validateSessionToken(token)).toEqual({ ok: false, reason: "invalid" });
  });

  it("hands routes the session in use: the new one, after a rotation", async () => {
    const user = createUser("member");
    const { token, session } = await createSession(user, null);
    expect((await requireServerSession(me(token))).session.id).toBe(session.id);
    setRole(user.username, "admin");
    const rotated = await requireServerSession(me(token));
    expect(rotated.session.id).not.toBe(session.id);
    expect(jar.get("session-lab.sid")?.split(".")[0]).toBe(rotated.session.id);
  });
});
