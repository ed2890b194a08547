import NextAuth, { getServerSession } from "next-auth";
import { decode, encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as nextAuthRoute } from "@/app/api/auth/[...nextauth]/route";
import { authOptions } from "@/lib/auth/nextauth/config";
import { getNextAuthUser } from "@/lib/auth/nextauth/guard";
import { failingClosedOnOutage, revokeNextAuthSession } from "@/lib/auth/nextauth/session";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { store, StoreUnavailableError } from "@/lib/store";
import { csrfPair, me, nextAuthSecret as secret, sessionCookie } from "../../support/nextauth";
import { request } from "../../support/requests";

/**
 * next-auth's own session read, with this app's options and logger, called as a pages-router
 * API route calls it (plain request and response objects), so that it runs outside a request
 * of Next.js's: `cookie` is the session cookie's value, or every cookie by name. null when
 * next-auth finds no session.
 */
async function readSession(cookie: string | Record<string, string>) {
  const response = { getHeader: () => undefined, setHeader: () => response };
  const request = { cookies: typeof cookie === "string" ? { "next-auth.session-token": cookie } : cookie, headers: {} };
  return getServerSession(request as never, response as never, authOptions());
}

/**
 * A POST to next-auth's own handler (`action`: its path under /api/auth), with a CSRF token and
 * cookie that pass its check, called as a pages-router API route calls it: the headers it set.
 */
async function postToNextAuth(action: string[], body: Record<string, string>, cookies: Record<string, string> = {}) {
  const csrf = csrfPair();
  const request = {
    method: "POST",
    query: { nextauth: action },
    body: { ...body, csrfToken: csrf.token, json: "true" },
    cookies: { ...cookies, "next-auth.csrf-token": csrf.cookie },
    headers: {},
  };
  const headers = new Map<string, unknown>();
  const response = {
    status: () => response,
    setHeader: (name: string, value: unknown) => (headers.set(name.toLowerCase(), value), response),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    json: () => {},
    send: () => {},
    end: () => {},
  };
  await NextAuth(request as never, response as never, authOptions());
  return headers;
}

/** next-auth's own sign-out of `cookie`. */
async function signOut(cookie: string): Promise<void> {
  await postToNextAuth(["signout"], {}, { "next-auth.session-token": cookie });
}

/** next-auth's own credentials sign-in: the session cookie it sets. */
async function signIn(username: string): Promise<string> {
  const headers = await postToNextAuth(["callback", "credentials"], { username, password: "correct-horse-battery-staple" });
  const cookies = [headers.get("set-cookie")].flat().map(String);
  const session = cookies.find((cookie) => cookie.startsWith("next-auth.session-token="));
  if (!session) throw new Error("expected next-auth to set a session cookie");
  return session.slice("next-auth.session-token=".length).split(";")[0] ?? "";
}

describe("next-auth's session cookie", () => {
  it("is signed at sign-in for the session's lifetime, not next-auth's default of 30 days", async () => {
    const token = await decode({ token: await signIn("bob"), secret: secret() });
    expect(token).toMatchObject({ username: "bob", iat: expect.any(Number), exp: expect.any(Number) });
    const { iat, exp } = token ?? {};
    if (typeof iat !== "number" || typeof exp !== "number") throw new Error("expected iat and exp");
    expect(exp - iat).toBe(env().NEXTAUTH_SESSION_TTL_SECONDS);
  });
});

describe("next-auth's logger", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes nothing for a cookie that holds no session: any client can send one with every request", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const live = await sessionCookie("bob");
    const revoked = await sessionCookie("bob");
    await revokeNextAuthSession(revoked.token.sid ?? "");
    const notOurs = await encode({ token: { uid: -1 }, secret: secret() }); // decrypts, but decode answers null
    const cookies = {
      garbage: "not-a-token",
      tampered: `${live.value.slice(0, -4)}AAAA`,
      expired: (await sessionCookie("bob", { maxAge: -60 })).value,
      "of another shape": notOurs,
      revoked: revoked.value,
    };
    for (const [kind, cookie] of Object.entries(cookies)) expect(await readSession(cookie), kind).toBeNull();
    for (const cookie of Object.values(cookies)) await signOut(cookie); // next-auth decodes it there too
    expect(log).not.toHaveBeenCalled();
    expect(await readSession(live.value)).toMatchObject({ user: { username: "bob" } }); // the same read finds a live one
  });

  it("writes nothing for an outage: the route answers it with a 503, and the store logs it", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const { value: cookie } = await sessionCookie("bob");
    vi.spyOn(store(), "credentialState").mockRejectedValue(new StoreUnavailableError("down"));
    await expect(failingClosedOnOutage(async () => Response.json(await readSession(cookie)))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(log).not.toHaveBeenCalled();
  });

  it("names a fault of the server's by its kind, never its message", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const { value: cookie } = await sessionCookie("alice");
    db().close(); // a real fault: the revocation check's query throws "The database connection is not open"
    try {
      expect(await readSession(cookie)).toBeNull(); // next-auth's answer to any failure
      expect(log.mock.calls.flat().join(" ")).toBe("[session-lab] unexpected TypeError in next-auth (JWT_SESSION_ERROR)");
    } finally {
      // The next test opens the file again, and a store on the new connection.
      delete (globalThis as { sessionLabDb?: unknown }).sessionLabDb;
      delete (globalThis as { sessionLabStore?: unknown }).sessionLabStore;
    }
  });
});

describe("next-auth's session cookie, as next-auth and the guard read it", () => {
  // <token> is bob's session token; <head> and <tail> are its two halves.
  it.each([
    ["next-auth.session-token=<token>", "bob"],
    ["next-auth.session-token.1=<token>", "bob"],
    ["next-auth.session-token.7=<tail>; next-auth.session-token.0=<head>", "bob"],
    ["next-auth.session-token.1=<tail>; next-auth.session-token.0x0=<head>", "bob"], // parseInt("0x0") is 0
    ["next-auth.session-tokens=<token>", "bob"], // any name that starts with the session cookie's
    ["next-auth.session-token=<token>; next-auth.session-token.1=x", null],
    ["next-auth.session-token.1=x; next-auth.session-token=<token>", null],
  ])("is one session to both, or none to both: %s", async (template, expected) => {
    const { value } = await sessionCookie("bob");
    const parts: Record<string, string> = { token: value, head: value.slice(0, 100), tail: value.slice(100) };
    const incoming = me(template.replace(/<(\w+)>/g, (_, part: string) => parts[part] ?? ""));
    // next-auth's App Router handler hands its core the cookies this way (next-auth/next/index.js).
    const cookies = Object.fromEntries(incoming.cookies.getAll().map(({ name, value }) => [name, value]));
    const theirs = (await readSession(cookies))?.user?.username ?? null;
    const ours = (await getNextAuthUser(incoming)).user?.username ?? null;
    expect({ theirs, ours }).toEqual({ theirs: expected, ours: expected });
  });

  it.each([["<live>; x"], ["x; <live>"]])("is nobody's, to next-auth's session endpoint as to the guard, when its name came twice: %s", async (order) => {
    const { value } = await sessionCookie("bob");
    const cookie = order
      .split("; ")
      .map((copy) => `next-auth.session-token=${copy === "<live>" ? value : copy}`)
      .join("; ");
    const answer = await nextAuthRoute(request("/api/auth/session", { headers: { cookie } }), { params: Promise.resolve({ nextauth: ["session"] }) });
    expect([answer.status, await answer.json()]).toEqual([200, {}]); // next-auth's own answer for no session
    expect(await getNextAuthUser(me(cookie))).toEqual({ user: null, reason: "malformed" });
  });
});
