import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { api, jwtLogin } from "./support/http";
import { freePort } from "./support/redis-server";

// A second service verifies the app's access tokens with the app's JWKS URL alone.

let server: ChildProcess;
let url: string;

test.beforeAll(async ({ baseURL }) => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ["scripts/resource-server.mjs"], {
    env: { ...process.env, PORT: String(port), APP_ORIGIN: baseURL ?? "" },
    stdio: "ignore",
  });
  await expect.poll(() => fetch(`${url}/health`).then((r) => r.status, () => 0), { timeout: 10_000 }).toBe(200);
});

test.afterAll(() => {
  server?.kill();
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
  const none = await fetch(`${url}/whoami`);
  expect(none.status).toBe(401);
  expect(none.headers.get("www-authenticate")).toBe('Bearer realm="resource-server"');
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
