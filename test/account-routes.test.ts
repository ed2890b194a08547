import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { logoutEverywhereRoute, roleChangeRoute } from "@/lib/account-routes";
import { clearSessionCookie } from "@/lib/auth/cookie/cookies";
import { requireCookieUser } from "@/lib/auth/cookie/guard";
import { sealSession } from "@/lib/auth/cookie/session";
import { requireJwtUser } from "@/lib/auth/jwt/guard";
import { ForbiddenError } from "@/lib/errors";
import { issueAccessToken, verifyAccessToken } from "@/lib/auth/jwt/session";
import { store, StoreUnavailableError } from "@/lib/store";
import { findUserById } from "@/lib/users";
import { ORIGIN, request } from "./support/requests";
import { createUser, demoUsers } from "./support/users";

// Outside a Next.js request `cookies()` is read-only: the cookies a route sets land in this jar.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  cookies: async () => ({ set: (name: string, value: string) => void jar.set(name, value) }),
}));

beforeEach(() => jar.clear());

const json = { "content-type": "application/json" };

describe("logout everywhere", () => {
  it("kills every token the user holds, and answers 204", async () => {
    const user = createUser();
    const [a, b] = [await issueAccessToken(user), await issueAccessToken(user)];
    const { POST } = logoutEverywhereRoute(requireJwtUser);
    const response = await POST(request("/api/jwt/logout-everywhere", { method: "POST", headers: { authorization: `Bearer ${a.token}` } }), {});
    expect(response.status).toBe(204);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await verifyAccessToken(b.token)).toEqual({ ok: false, reason: "revoked" });
  });

  it("refuses a cross-site request with 403 and signs nobody out, with a bearer token too: like every sign-out", async () => {
    const user = createUser();
    const other = await issueAccessToken(user);
    const caller = await issueAccessToken(user);
    const { POST } = logoutEverywhereRoute(requireJwtUser);
    const crossSite: Record<string, string>[] = [{ "sec-fetch-site": "cross-site" }, { origin: "https://evil.example" }];
    for (const headers of crossSite) {
      const response = await POST(request("/api/jwt/logout-everywhere", { method: "POST", headers: { authorization: `Bearer ${caller.token}`, ...headers } }), {});
      expect(response.status).toBe(403);
    }
    expect((await verifyAccessToken(other.token)).ok).toBe(true);
  });

  it("clears the caller's own cookie on the way out", async () => {
    const { seal } = await sealSession(createUser());
    const { POST } = logoutEverywhereRoute(requireCookieUser, clearSessionCookie);
    const response = await POST(request("/api/cookie/logout-everywhere", { method: "POST", headers: { cookie: `session-lab=${seal}` } }), {});
    expect(response.status).toBe(204);
    expect(jar.get("session-lab")).toBe("");
  });

  it("answers 503 when the store cannot sign the user out: never a 204 for sessions that live on", async () => {
    const { token } = await issueAccessToken(createUser());
    vi.spyOn(store(), "bumpSessionVersion").mockRejectedValueOnce(new StoreUnavailableError("down"));
    const { POST } = logoutEverywhereRoute(requireJwtUser);
    const response = await POST(request("/api/jwt/logout-everywhere", { method: "POST", headers: { authorization: `Bearer ${token}` } }), {});
    expect(response.status).toBe(503);
    expect(await verifyAccessToken(token)).toMatchObject({ ok: true });
  });
});

describe("role change", () => {
  const { POST } = roleChangeRoute(requireJwtUser);
  const as = async (user = demoUsers().alice) => ({ authorization: `Bearer ${(await issueAccessToken(user)).token}`, ...json });

  it("lets an admin demote a member's existing credentials at once", async () => {
    const target = createUser("admin");
    const targetToken = await as(target);
    expect((await requireJwtUser(request("/", { headers: targetToken }), { role: "admin" })).username).toBe(target.username);

    const body = JSON.stringify({ username: target.username, role: "member" });
    const response = await POST(request("/api/jwt/admin/role", { method: "POST", headers: await as(), body }), {});
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ user: { ...target, role: "member" } });
    await expect(requireJwtUser(request("/", { headers: targetToken }), { role: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("refuses members (403), unknown users (404), self-demotion (409) and bad bodies (400)", async () => {
    const bob = demoUsers().bob;
    const post = async (headers: Record<string, string>, body: unknown) =>
      (await POST(request("/api/jwt/admin/role", { method: "POST", headers, body: JSON.stringify(body) }), {})).status;
    expect(await post(await as(bob), { username: "alice", role: "member" })).toBe(403);
    expect(await post(await as(), { username: "nobody", role: "member" })).toBe(404);
    expect(await post(await as(), { username: "ALICE", role: "member" })).toBe(409);
    expect(await post(await as(), { username: "bob", role: "root" })).toBe(400);
    expect(findUserById(1)?.role).toBe("admin");
  });

  it("leaves an admin when two admins demote each other at once, their bodies arriving after both were let in", async () => {
    const [first, second] = [createUser("admin"), createUser("admin")];
    let bothLetIn = () => {};
    const letIn = new Promise<void>((resolve) => (bothLetIn = resolve));
    let waiting = 0;
    // Each body is held back until both requests have passed the guard and started to read it.
    const slowPost = async (admin: typeof first, other: typeof first) => {
      const body = new TextEncoder().encode(JSON.stringify({ username: other.username, role: "member" }));
      const pull = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
        if (++waiting === 2) bothLetIn();
        await letIn;
        controller.enqueue(body);
        controller.close();
      };
      const stream = new ReadableStream<Uint8Array>({ pull }, { highWaterMark: 0 });
      // Not through `new Request()` first: that pipes the body on at once, before any guard ran.
      const init: ConstructorParameters<typeof NextRequest>[1] = { method: "POST", headers: await as(admin), body: stream, duplex: "half" };
      return POST(new NextRequest(new URL("/api/jwt/admin/role", ORIGIN), init), {});
    };
    const answers = [slowPost(first, second), slowPost(second, first)];

    const responses = await Promise.all(answers);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 403]);
    // The 403 in the bearer approach's own terms, as the guard gives it.
    const refused = responses.find((response) => response.status === 403);
    expect(refused?.headers.get("www-authenticate")).toMatch(/^Bearer .*error="insufficient_scope"/);
    expect([findUserById(first.id)?.role, findUserById(second.id)?.role].sort()).toEqual(["admin", "member"]);
  });
});
