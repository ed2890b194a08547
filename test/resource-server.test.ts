import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { SignJWT, base64url } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as jwtMe } from "@/app/api/jwt/me/route";
import { signingKeys } from "@/lib/auth/jwt/keys";
import { issueAccessToken } from "@/lib/auth/jwt/session";
import { refusalOf } from "@/lib/unparsable";
import type { User } from "@/lib/users";
import { request } from "./support/requests";
import { demoUsers } from "./support/users";

// scripts/resource-server.mjs in a process of its own, as `npm run resource-server` runs it,
// trusting the key set this test serves: the app's own keys, so the same request can be put
// to the app's route handler and to the service.

const SCRIPT = path.resolve("scripts/resource-server.mjs");
const APP_ORIGIN = "http://localhost:3000";

let keySet: http.Server;
let jwksUrl: string;
let service: string;
const started: ChildProcess[] = [];
let printed = "";

/** Starts the service on a port the OS picks, and resolves with its origin once it listens. */
function startService(env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, [SCRIPT], {
    env: { ...process.env, PORT: "0", APP_ORIGIN, JWKS_URL: jwksUrl, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      printed += chunk.toString();
      const port = /^resource-server: http:\/\/127\.0\.0\.1:(\d+)\//m.exec(output)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => reject(new Error(`the service stopped (${code}): ${output}`)));
  });
}

beforeAll(async () => {
  const { jwks } = await signingKeys();
  keySet = http.createServer((incoming, response) => {
    if (incoming.url !== "/.well-known/jwks.json") return response.writeHead(404).end();
    response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => keySet.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${(keySet.address() as AddressInfo).port}/.well-known/jwks.json`;
  service = await startService();
});

afterAll(async () => {
  for (const child of started) child.kill();
  await new Promise((resolve) => keySet.close(resolve));
  // Whatever the services printed (a start-up line, a setting refused), no token is in it.
  expect(printed).not.toMatch(/eyJ/);
});

const now = () => Math.floor(Date.now() / 1000);

/** Signs with the app's real key, so only the checks after the signature can refuse it. */
async function forge(user: User, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) {
  const { kid, privateKey } = await signingKeys();
  const iat = now();
  const payload = { iss: "urn:session-lab", aud: "urn:session-lab:api", sub: String(user.id), role: user.role, sv: 0, fid: crypto.randomUUID(), jti: crypto.randomUUID(), iat, exp: iat + 300, ...claims };
  return new SignJWT(payload).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid, ...header }).sign(privateKey);
}

/** What a bearer answer says, realm and wording aside: the status, the challenge's error code, and whether it blames expiry. */
function verdict(status: number, challenge: string | null, detail: string) {
  return { status, error: /error="([a-z_]+)"/.exec(challenge ?? "")?.[1] ?? null, expired: /expired/i.test(detail) };
}

async function appAnswer(authorization: string | undefined) {
  const response = await jwtMe(request("/api/jwt/me", { headers: authorization === undefined ? {} : { authorization } }), {});
  const { detail = "" } = (await response.json()) as { detail?: string };
  return verdict(response.status, response.headers.get("www-authenticate"), detail);
}

async function serviceAnswer(authorization: string | undefined, at = service) {
  const response = await fetch(`${at}/whoami`, { headers: authorization === undefined ? {} : { authorization } });
  const text = await response.text();
  if (authorization && authorization.length > 40) expect(text).not.toContain(authorization.slice(-40));
  const { detail = "" } = JSON.parse(text) as { detail?: string };
  return verdict(response.status, response.headers.get("www-authenticate"), detail);
}

/** A GET with `headers` (name, value, name, value…) sent as written: fetch cannot send a header twice. */
function getRaw(url: string, headers: string[]): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers, agent: false }, (response) => resolve(response.resume())).on("error", reject);
  });
}

describe("scripts/resource-server.mjs", () => {
  const bearer = (token: string) => `Bearer ${token}`;
  const respell = (token: string) => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    return token.slice(0, -1) + alphabet[alphabet.indexOf(token.at(-1) ?? "") ^ 1];
  };

  // Each makes the Authorization header (or none) for bob.
  const cases: [string, (bob: User) => Promise<string | undefined>][] = [
    ["a token the app issued", async (bob) => bearer((await issueAccessToken(bob)).token)],
    ["no header", async () => undefined],
    ["another scheme", async () => "Basic Ym9iOng="],
    ["Bearer with no token", async () => "Bearer"],
    ["Bearer and two words", async () => "Bearer a b"],
    ["Bearer and a tab", async (bob) => `Bearer\t${(await issueAccessToken(bob)).token}`],
    ["a token past its exp", async (bob) => bearer(await forge(bob, { iat: now() - 400, exp: now() - 60 }))],
    ["a token older than the access lifetime, whatever its exp", async (bob) => bearer(await forge(bob, { iat: now() - 3600, exp: now() + 3600 }))],
    ["a token issued in the future", async (bob) => bearer(await forge(bob, { iat: now() + 60, exp: now() + 360 }))],
    ["a token with no kid", async (bob) => bearer(await forge(bob, {}, { kid: undefined }))],
    ["a token whose kid is no string", async (bob) => bearer(await forge(bob, {}, { kid: 7 }))],
    ["a token of another typ", async (bob) => bearer(await forge(bob, {}, { typ: "JWT" }))],
    ["a token for another audience", async (bob) => bearer(await forge(bob, { aud: "urn:elsewhere" }))],
    ["a token from another issuer", async (bob) => bearer(await forge(bob, { iss: "urn:elsewhere" }))],
    ["a token without a jti", async (bob) => bearer(await forge(bob, { jti: undefined }))],
    ["a token whose sub is no user id", async (bob) => bearer(await forge(bob, { sub: "bob" }))],
    ["a token with a role the app has not", async (bob) => bearer(await forge(bob, { role: "root" }))],
    ["a token without its sign-in (fid)", async (bob) => bearer(await forge(bob, { fid: undefined }))],
    ["a token with no session version", async (bob) => bearer(await forge(bob, { sv: undefined }))],
    ["a token over 8 KB", async (bob) => bearer(await forge(bob, { pad: "a".repeat(8192) }))],
    [
      "alg none",
      async (bob) => {
        const [, payload] = (await issueAccessToken(bob)).token.split(".");
        return bearer(`${base64url.encode(JSON.stringify({ alg: "none", typ: "at+jwt" }))}.${payload}.`);
      },
    ],
    [
      "HS256 signed with the public key",
      async (bob) => {
        const { jwks } = await signingKeys();
        const secret = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
        return bearer(await new SignJWT({ sub: String(bob.id) }).setProtectedHeader({ alg: "HS256", typ: "at+jwt" }).sign(secret));
      },
    ],
    ["a padded spelling of a token", async (bob) => bearer(`${(await issueAccessToken(bob)).token}==`)],
    ["another spelling of its signature", async (bob) => bearer(respell((await issueAccessToken(bob)).token))],
  ];

  it.each(cases)("answers %s as the app does", async (_, header) => {
    const authorization = await header(demoUsers().bob);
    expect(await serviceAnswer(authorization)).toEqual(await appAnswer(authorization));
  });

  it("reads the access lifetime the app does (ACCESS_TOKEN_TTL_SECONDS)", async () => {
    const shorter = await startService({ ACCESS_TOKEN_TTL_SECONDS: "60" });
    const twoMinutesOld = bearer(await forge(demoUsers().bob, { iat: now() - 120, exp: now() + 180 }));
    expect((await serviceAnswer(twoMinutesOld, service)).status).toBe(200);
    expect(await serviceAnswer(twoMinutesOld, shorter)).toEqual({ status: 401, error: "invalid_token", expired: true });
  });

  it("tells OPTIONS what /whoami and /health allow, and answers one on any other path 404, as every method there", async () => {
    for (const resource of ["/whoami", "/health"]) {
      const response = await fetch(`${service}${resource}`, { method: "OPTIONS" });
      expect(response.status, resource).toBe(204);
      expect(response.headers.get("allow"), resource).toBe("GET, HEAD, OPTIONS");
      expect(response.headers.get("access-control-allow-origin"), resource).toBeNull();
    }
    for (const method of ["OPTIONS", "GET", "POST"]) {
      const response = await fetch(`${service}/nope`, { method, headers: { origin: APP_ORIGIN, "access-control-request-method": "GET" } });
      expect(response.status, method).toBe(404);
      expect(response.headers.get("access-control-allow-methods"), method).toBeNull();
    }
    const post = await fetch(`${service}/whoami`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("lets a browser call it from the app's origin, written exactly as browsers send it, and from no other", async () => {
    const preflight = (origin: string) =>
      fetch(`${service}/whoami`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" } });
    const allowed = await preflight(APP_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(allowed.headers.get("access-control-allow-headers")).toBe("Authorization");
    for (const lookalike of [`${APP_ORIGIN}/`, APP_ORIGIN.toUpperCase(), `${APP_ORIGIN}.evil.example`, `${APP_ORIGIN}, https://evil.example`, "null"]) {
      const response = await preflight(lookalike);
      expect(response.headers.get("access-control-allow-origin"), lookalike).toBeNull();
      expect(response.headers.get("access-control-allow-methods"), lookalike).toBeNull();
    }
  });

  it.each(["/whoami", "/health"])("refuses a second Authorization or Host header on %s as the app does, rather than read the first", async (resource) => {
    const { alice, bob } = demoUsers();
    const [first, second] = await Promise.all([issueAccessToken(bob), issueAccessToken(alice)]);
    for (const rawHeaders of [
      ["Host", "127.0.0.1", "Authorization", bearer(first.token), "authorization", bearer(second.token)],
      ["Host", "127.0.0.1", "Authorization", bearer(first.token), "Authorization", "Bearer"],
      ["Host", "127.0.0.1", "Host", "elsewhere.example", "Authorization", bearer(first.token)],
    ]) {
      const app = refusalOf({ method: "GET", url: "/api/jwt/me", headers: { host: "localhost:3000" }, rawHeaders });
      const response = await getRaw(`${service}${resource}`, rawHeaders);
      expect(app).not.toBeNull();
      expect(verdict(response.statusCode ?? 0, response.headers["www-authenticate"] ?? null, "")).toEqual(verdict(app?.status ?? 0, app?.challenge ?? null, ""));
    }
  });

  it("answers 503 when the key set cannot be had: the app's fault, not the token's", async () => {
    const keyless = await startService({ JWKS_URL: new URL("/no-such-key-set.json", jwksUrl).href });
    const response = await fetch(`${keyless}/whoami`, { headers: { authorization: bearer((await issueAccessToken(demoUsers().bob)).token) } });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
  });

  it.each([
    ["ALLOWED_ORIGINS", "http://localhost:3000/"],
    ["ALLOWED_ORIGINS", "http://localhost:3000, null"],
    ["APP_ORIGIN", "localhost:3000"],
    ["JWKS_URL", "file:///etc/passwd"],
    ["JWT_AUDIENCE", ""],
    ["ACCESS_TOKEN_TTL_SECONDS", "5m"],
    ["PORT", "http"],
    ["PORT", ""],
    ["ACCESS_TOKEN_TTL_SECONDS", "1e3"],
  ])("will not start with %s=%j, and says which setting is wrong", async (name, value) => {
    await expect(startService({ [name]: value })).rejects.toThrow(`resource-server: cannot start: ${name} `);
  });
});
