import { createRequire } from "node:module";
import type { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { POST as nextAuthRoute } from "@/app/api/auth/[...nextauth]/route";
import { POST as cookieLogin } from "@/app/api/cookie/login/route";
import { GET as cookieMe } from "@/app/api/cookie/me/route";
import { POST as jwtLogin } from "@/app/api/jwt/login/route";
import { GET as jwtMe } from "@/app/api/jwt/me/route";
import { POST as jwtRefresh } from "@/app/api/jwt/refresh/route";
import { GET as nextAuthMe } from "@/app/api/nextauth/me/route";
import { POST as serverSessionLogin } from "@/app/api/server-session/login/route";
import { GET as serverSessionMe } from "@/app/api/server-session/me/route";
import { listUserSessions } from "@/lib/auth/server-session/session";
import type { ApproachId } from "@/lib/approach-ids";
import { readSetCookie } from "@/lib/exchange";
import { store, StoreUnavailableError } from "@/lib/store";
import type { User } from "@/lib/users";
import { whileHashingFails } from "./support/hashing";
import { csrfPair } from "./support/nextauth";
import { ORIGIN, request } from "./support/requests";
import { createUser } from "./support/users";

// Route handlers set cookies through `cookies()`, and next-auth reads the request through
// `cookies()` and `headers()`, all of which need a Next.js request outside a server. Here they
// read the request being handled, and the cookies set land in a jar. next-auth `require`s
// next/headers itself, past vi.mock, so its CommonJS exports get the same stand-ins.
const exchange = vi.hoisted(() => ({ request: null as NextRequest | null, set: new Map<string, string>() }));
const stand = vi.hoisted(() => ({
  cookies: async () => ({
    getAll: () => exchange.request?.cookies.getAll() ?? [],
    set: (name: string, value: string) => void exchange.set.set(name, value),
  }),
  headers: async () => exchange.request?.headers ?? new Headers(),
}));
vi.mock("next/headers", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/headers")>()), ...stand }));
Object.assign(createRequire(import.meta.url)("next/headers"), stand);

/** One request to a route handler: its status, body, and the cookies it set (name → value). */
async function send<Context>(handler: (request: NextRequest, context: Context) => Promise<Response>, incoming: NextRequest, context: Context) {
  exchange.request = incoming;
  exchange.set = new Map();
  const response = await handler(incoming, context);
  const cookies = new Map(exchange.set);
  for (const line of response.headers.getSetCookie()) {
    const { name, value } = readSetCookie(line);
    cookies.set(name, value);
  }
  return { status: response.status, body: (await response.text()) || null, cookies };
}

/** What a client holds after a sign-in: the cookie it would send, and for JWT the access token. */
interface Credential {
  cookie: string;
  accessToken?: string;
}

const PASSWORD = "a-password-for-this-test";
const json = { "content-type": "application/json", origin: ORIGIN };

const postJson = (pathname: string, body: unknown, headers: Record<string, string> = {}) =>
  request(pathname, { method: "POST", headers: { ...json, ...headers }, body: JSON.stringify(body) });

/** `GET pathname` with `credential`: its status. */
async function statusOf(handler: (request: NextRequest, context: unknown) => Promise<Response>, pathname: string, { cookie, accessToken }: Credential) {
  const headers: Record<string, string> = { cookie, ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) };
  return (await send(handler, request(pathname, { headers }), {})).status;
}

const tokenAnswer = z.object({ access_token: z.string() });

const csrf = csrfPair();

interface Approach {
  /** The sign-in the column sends, with `carried` along as a browser would send it: its status and the credential it set. */
  signIn(user: User, password: string, carried: Credential | null, headers?: Record<string, string>): Promise<{ status: number; credential: Credential | null }>;
  /** The status of each call made with `credential`, by the call: 200 while it works, 401 once its session has ended. */
  use(credential: Credential): Promise<Record<string, number>>;
  /** A cookie of the approach's that holds no session. */
  tampered(credential: Credential): Credential;
  /** The store writes that end the approach's session. */
  ending: ("revokeId" | "revokeRefreshFamily" | "deleteServerSession")[];
}

/** A cookie header's value with its last four characters changed. */
const tamper = ({ cookie }: Credential): Credential => ({ cookie: `${cookie.slice(0, -4)}${cookie.endsWith("AAAA") ? "BBBB" : "AAAA"}` });

const approaches: Record<ApproachId, Approach> = {
  jwt: {
    async signIn(user, password, carried, headers = {}) {
      const login = postJson("/api/jwt/login", { username: user.username, password }, { cookie: carried?.cookie ?? "", ...headers });
      const answer = await send(jwtLogin, login, {});
      const refresh = answer.cookies.get("jwt-refresh");
      if (!refresh) return { status: answer.status, credential: null };
      const { access_token: accessToken } = tokenAnswer.parse(JSON.parse(answer.body ?? ""));
      return { status: answer.status, credential: { cookie: `jwt-refresh=${refresh}`, accessToken } };
    },
    // The access token at the API, and the refresh cookie traded for a new one.
    use: async (credential) => ({
      me: await statusOf(jwtMe, "/api/jwt/me", { cookie: "", accessToken: credential.accessToken }),
      refresh: (await send(jwtRefresh, request("/api/jwt/refresh", { method: "POST", headers: { cookie: credential.cookie, origin: ORIGIN } }), {})).status,
    }),
    tampered: () => ({ cookie: "jwt-refresh=not-a-refresh-token" }),
    ending: ["revokeRefreshFamily", "revokeId"],
  },
  cookie: {
    async signIn(user, password, carried, headers = {}) {
      const login = postJson("/api/cookie/login", { username: user.username, password }, { cookie: carried?.cookie ?? "", ...headers });
      const answer = await send(cookieLogin, login, {});
      const seal = answer.cookies.get("session-lab");
      return { status: answer.status, credential: seal ? { cookie: `session-lab=${seal}` } : null };
    },
    use: async (credential) => ({ me: await statusOf(cookieMe, "/api/cookie/me", credential) }),
    tampered: tamper,
    ending: ["revokeId"],
  },
  nextauth: {
    async signIn(user, password, carried, headers = {}) {
      const body = { username: user.username, password, csrfToken: csrf.token, json: "true" };
      const cookie = [`next-auth.csrf-token=${csrf.cookie}`, carried?.cookie].filter(Boolean).join("; ");
      const context = { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) };
      const answer = await send(nextAuthRoute, postJson("/api/auth/callback/credentials", body, { cookie, ...headers }), context);
      const session = answer.cookies.get("next-auth.session-token");
      return { status: answer.status, credential: session ? { cookie: `next-auth.session-token=${session}` } : null };
    },
    use: async (credential) => ({ me: await statusOf(nextAuthMe, "/api/nextauth/me", credential) }),
    tampered: tamper,
    ending: ["revokeId"],
  },
  "server-session": {
    async signIn(user, password, carried, headers = {}) {
      const login = postJson("/api/server-session/login", { username: user.username, password }, { cookie: carried?.cookie ?? "", ...headers });
      const answer = await send(serverSessionLogin, login, {});
      const token = answer.cookies.get("session-lab.sid");
      return { status: answer.status, credential: token ? { cookie: `session-lab.sid=${token}` } : null };
    },
    use: async (credential) => ({ me: await statusOf(serverSessionMe, "/api/server-session/me", credential) }),
    tampered: tamper,
    ending: ["deleteServerSession"],
  },
};

/** That every call made with `credential` answers `status`. */
async function expectEvery(approach: Approach, credential: Credential | null, status: number) {
  const statuses = await approach.use(credential ?? { cookie: "" });
  expect(statuses).toEqual(Object.fromEntries(Object.keys(statuses).map((call) => [call, status])));
}

/** Two users of this test's own, who can sign in (so no lockout or sign-out reaches another test). */
function twoUsers() {
  return { alice: createUser("admin", PASSWORD), bob: createUser("member", PASSWORD) };
}

describe.each(Object.entries(approaches))("a sign-in at %s", (id, approach) => {
  afterEach(() => vi.restoreAllMocks());

  /** alice signed in: the credential her browser holds, of which an attacker may have a copy. */
  async function signedIn(alice: User): Promise<Credential> {
    const { status, credential } = await approach.signIn(alice, PASSWORD, null);
    if (status !== 200 || !credential) throw new Error(`alice's sign-in answered ${status}`);
    return credential;
  }

  it("ends the session the request carried, whoever's it was: a copy of alice's credential is refused once bob signs in with it", async () => {
    const { alice, bob } = twoUsers();
    const alices = await signedIn(alice);
    const bobs = await approach.signIn(bob, PASSWORD, alices);
    expect(bobs.status).toBe(200);
    await expectEvery(approach, alices, 401);
    await expectEvery(approach, bobs.credential, 200);
    if (id === "server-session") expect(await listUserSessions(alice.id)).toEqual([]);
  });

  it("changes nothing when it fails: a wrong password, or a sign-in from another site, leaves alice's credential working", async () => {
    const { alice, bob } = twoUsers();
    const alices = await signedIn(alice);
    expect(await approach.signIn(bob, "not-the-password", alices)).toMatchObject({ status: 401, credential: null });
    expect(await approach.signIn(bob, PASSWORD, alices, { origin: "https://evil.example" })).toMatchObject({ status: 403, credential: null });
    await expectEvery(approach, alices, 200);
    if (id === "server-session") expect(await listUserSessions(alice.id)).toHaveLength(1);
  });

  it("ignores a carried credential that holds no session", async () => {
    const { alice, bob } = twoUsers();
    const alices = await signedIn(alice);
    expect(await approach.signIn(bob, PASSWORD, approach.tampered(alices))).toMatchObject({ status: 200, credential: expect.anything() });
    await expectEvery(approach, alices, 200);
  });

  it("answers 503 when its hashing thread fails, signs nobody in, and logs the error's kind only", async () => {
    const { alice, bob } = twoUsers();
    const alices = await signedIn(alice);
    const { result, logged } = await whileHashingFails(() => approach.signIn(bob, PASSWORD, alices));
    expect(result).toEqual({ status: 503, credential: null });
    expect(new Set(logged)).toEqual(new Set(["[session-lab] unexpected Error (MODULE_NOT_FOUND) in a hashing thread"]));
    await expectEvery(approach, alices, 200);
    expect((await approach.signIn(bob, PASSWORD, null)).status).toBe(200); // new threads, once the fault is gone
  });

  it("answers 503 when the store cannot end that session, and signs nobody in", async () => {
    const { alice, bob } = twoUsers();
    const alices = await signedIn(alice);
    for (const write of approach.ending) vi.spyOn(store(), write).mockRejectedValue(new StoreUnavailableError("down"));
    expect(await approach.signIn(bob, PASSWORD, alices)).toMatchObject({ status: 503, credential: null });
    vi.restoreAllMocks();
    await expectEvery(approach, alices, 200);
    if (id === "server-session") expect(await listUserSessions(bob.id)).toEqual([]); // none was made for bob's answer that never came
  });
});

describe("a sign-in at jwt, given an access token", () => {
  it("ends that token's sign-in, as logout does: by its family, refresh cookie included", async () => {
    const { alice, bob } = twoUsers();
    const { credential: alices } = await approaches.jwt.signIn(alice, PASSWORD, null);
    if (!alices?.accessToken) throw new Error("expected alice's tokens");
    const bobs = await approaches.jwt.signIn(bob, PASSWORD, null, { authorization: `Bearer ${alices.accessToken}` });
    expect(bobs.status).toBe(200);
    await expectEvery(approaches.jwt, alices, 401);
  });
});
