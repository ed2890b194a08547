import { spawn, type ChildProcess } from "node:child_process";
import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import { api, jwtLogin } from "./support/http";
import { freePort } from "./support/redis-server";

// A second service verifies the app's access tokens with the app's JWKS URL alone.

const servers: ChildProcess[] = [];
let url: string;

/** Starts a second service beside the app's e2e server and answers its URL once it is up. */
async function startService(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const started = spawn(process.execPath, ["scripts/resource-server.mjs"], { env: { ...process.env, PORT: String(port), ...env }, stdio: "ignore" });
  servers.push(started);
  const at = `http://127.0.0.1:${port}`;
  await expect.poll(() => fetch(`${at}/health`).then((r) => r.status, () => 0), { timeout: 10_000 }).toBe(200);
  return at;
}

test.beforeAll(async ({ baseURL }) => {
  url = await startService({ APP_ORIGIN: baseURL ?? "" });
});

test.afterAll(() => {
  for (const server of servers) server.kill();
});

test("a token issued by the app is accepted by the second service, which holds no secret", async () => {
  const { token } = await jwtLogin("bob");
  const response = await fetch(`${url}/whoami`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ sub: "2", role: "member", revocationChecked: false });
});

test("a tampered token, a missing one and a malformed header are refused", async () => {
  const { token } = await jwtLogin("bob");
  const tampered = await fetch(`${url}/whoami`, { headers: { authorization: `Bearer ${token.slice(0, -4)}AAAA` } });
  expect(tampered.status).toBe(401);
  expect(tampered.headers.get("www-authenticate")).toContain('error="invalid_token"');
  // Another spelling of the same signature, which jose alone would decode alike: as the app, it refuses it.
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (const respelled of [`${token}==`, token.slice(0, -1) + alphabet[alphabet.indexOf(token.at(-1) ?? "") ^ 1]]) {
    const response = await fetch(`${url}/whoami`, { headers: { authorization: `Bearer ${respelled}` } });
    expect(response.status, respelled.slice(-3)).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  }
  const none = await fetch(`${url}/whoami`);
  expect(none.status).toBe(401);
  expect(none.headers.get("www-authenticate")).toBe('Bearer realm="resource-server"');
  // As the app answers (RFC 6750 §3.1): another scheme is no token; a Bearer header of the wrong form is a 400.
  const basic = await fetch(`${url}/whoami`, { headers: { authorization: "Basic Ym9iOng=" } });
  expect(basic.status).toBe(401);
  expect(basic.headers.get("www-authenticate")).toBe('Bearer realm="resource-server"');
  for (const malformed of [`Bearer ${token} extra`, "Bearer", "Bearer\ttoken"]) {
    const response = await fetch(`${url}/whoami`, { headers: { authorization: malformed } });
    expect(response.status, malformed).toBe(400);
    expect(response.headers.get("www-authenticate"), malformed).toBe('Bearer realm="resource-server", error="invalid_request"');
  }
});

test("HEAD is GET without the body; another method gets 405 with Allow, an unknown path 404", async () => {
  const { token } = await jwtLogin("bob");
  const head = await fetch(`${url}/whoami`, { method: "HEAD", headers: { authorization: `Bearer ${token}` } });
  expect(head.status).toBe(200);
  expect(await head.text()).toBe("");
  for (const method of ["POST", "PUT", "DELETE"]) {
    const response = await fetch(`${url}/whoami`, { method, headers: { authorization: `Bearer ${token}` } });
    expect(response.status, method).toBe(405);
    expect(response.headers.get("allow"), method).toBe("GET, HEAD, OPTIONS");
  }
  expect((await fetch(`${url}/nope`, { method: "POST" })).status).toBe(404);
});

test("what it cannot know: a token revoked by logout still works here until it expires", async () => {
  const { token } = await jwtLogin("bob");
  expect((await api("/api/jwt/logout", { method: "POST", headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
  expect((await api("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  expect((await fetch(`${url}/whoami`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
});

test("browsers may call it from the app's origin only", async ({ baseURL }) => {
  const allowed = await fetch(`${url}/whoami`, { method: "OPTIONS", headers: { origin: baseURL ?? "", "access-control-request-method": "GET" } });
  expect(allowed.headers.get("access-control-allow-origin")).toBe(baseURL);
  const other = await fetch(`${url}/whoami`, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "GET" } });
  expect(other.headers.get("access-control-allow-origin")).toBeNull();
});

test("a request target that is no path gets a 400, and the service stays up", async () => {
  // fetch always sends a path: node:http sends the target as written.
  const status = (target: string) =>
    new Promise<number | undefined>((resolve, reject) => {
      const sent = httpRequest(`${url}/`, { path: target }, (answer) => resolve(answer.resume().statusCode));
      sent.on("error", reject);
      sent.end();
    });
  for (const target of ["http://[", "*", "//[", "/\\[/whoami"]) expect(await status(target), target).toBe(400);
  expect((await fetch(`${url}/health`)).status).toBe(200);
});

test("without the app's keys, a good token gets a 503, not a 500 nor a 401", async ({ baseURL }) => {
  const { token } = await jwtLogin("bob");
  const nobody = `http://127.0.0.1:${await freePort()}/.well-known/jwks.json`;
  for (const JWKS_URL of [nobody, `${baseURL}/no-such-key-set.json`]) {
    const cut = await startService({ APP_ORIGIN: baseURL ?? "", JWKS_URL });
    const response = await fetch(`${cut}/whoami`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, JWKS_URL).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
  }
});
