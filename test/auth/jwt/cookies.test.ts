import { describe, expect, it, vi } from "vitest";
import { clearRefreshCookie, setRefreshCookie } from "@/lib/auth/jwt/cookies";
import { request } from "../../support/requests";

// Outside a Next.js request `cookies()` is read-only: here the cookies set land in a jar,
// with their attributes, as the response would carry them.
const jar = vi.hoisted(() => new Map<string, { value: string; options: unknown }>());
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  cookies: async () => ({ set: (name: string, value: string, options: unknown) => void jar.set(name, { value, options }) }),
}));

const NARROW = { httpOnly: true, sameSite: "strict", path: "/api/jwt", secure: true };

describe("setRefreshCookie / clearRefreshCookie", () => {
  it("sets the refresh token until it expires, and at logout tells the browser to drop it, under the same name and path", async () => {
    const login = request("/api/jwt/login");
    const expiresAt = Date.now() + 60_000;
    await setRefreshCookie(login, { token: "refresh-token", expiresAt });
    expect(jar.get("jwt-refresh")).toEqual({ value: "refresh-token", options: { ...NARROW, expires: new Date(expiresAt) } });

    await clearRefreshCookie(request("/api/jwt/logout"));
    expect(jar.get("jwt-refresh")).toEqual({ value: "", options: { ...NARROW, maxAge: 0 } });
  });
});
