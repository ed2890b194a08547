import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, api, cookieLogin, jwtLogin, nextAuthLogin, nextAuthSignOut, serverSessionLogin, setCookie } from "./support/http";
import { startInstance, type Instance } from "./support/instances";
import { startRedis, type RedisServer } from "./support/redis-server";

// Two production instances, each with its own SQLite file, sharing one real Redis for
// session state and the same secrets: what "several instances" means for each approach.

test.describe.configure({ mode: "serial" });

let redis: RedisServer;
let a: Instance;
let b: Instance;

test.beforeAll(async () => {
  redis = await startRedis();
  const env = { REDIS_URL: redis.url };
  // One after the other: when B fails to start, A is already assigned for afterAll to stop.
  a = await startInstance("a", env);
  b = await startInstance("b", env);
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
});

test("a token issued by A is accepted by B; both publish the same keys", async () => {
  const { token } = await jwtLogin("alice", a.url);
  const me = await api("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } }, b.url);
  expect(me.status).toBe(200);
  expect(await (await api("/.well-known/jwks.json", {}, a.url)).json()).toEqual(await (await api("/.well-known/jwks.json", {}, b.url)).json());
});

test("a cookie sealed by A, and a next-auth cookie from A, are read by B", async () => {
  const sealed = await cookieLogin("bob", a.url);
  expect((await api("/api/cookie/me", { headers: { cookie: sealed.cookie } }, b.url)).status).toBe(200);
  const nextAuth = await nextAuthLogin("bob", undefined, undefined, a.url);
  expect((await api("/api/nextauth/me", { headers: { cookie: nextAuth.cookie } }, b.url)).status).toBe(200);
  const server = await serverSessionLogin("bob", a.url);
  expect((await api("/api/server-session/me", { headers: { cookie: server.cookie } }, b.url)).status).toBe(200);
});

test("sign-out on A refuses the copy on B at once, for every approach", async () => {
  const jwt = await jwtLogin("alice", a.url);
  const bearer = { authorization: `Bearer ${jwt.token}` };
  expect((await api("/api/jwt/me", { headers: bearer }, b.url)).status).toBe(200);
  expect((await api("/api/jwt/logout", { method: "POST", headers: bearer }, a.url)).status).toBe(204);
  expect((await api("/api/jwt/me", { headers: bearer }, b.url)).status).toBe(401);

  const sealed = await cookieLogin("alice", a.url);
  expect((await api("/api/cookie/me", { headers: { cookie: sealed.cookie } }, b.url)).status).toBe(200);
  expect((await api("/api/cookie/logout", { method: "POST", headers: { cookie: sealed.cookie } }, a.url)).status).toBe(204);
  expect((await api("/api/cookie/me", { headers: { cookie: sealed.cookie } }, b.url)).status).toBe(401);

  const nextAuth = await nextAuthLogin("alice", undefined, undefined, a.url);
  expect((await api("/api/nextauth/me", { headers: { cookie: nextAuth.cookie } }, b.url)).status).toBe(200);
  expect((await nextAuthSignOut(nextAuth.cookie, a.url)).status).toBe(200);
  expect((await api("/api/nextauth/me", { headers: { cookie: nextAuth.cookie } }, b.url)).status).toBe(401);

  const server = await serverSessionLogin("alice", a.url);
  expect((await api("/api/server-session/me", { headers: { cookie: server.cookie } }, b.url)).status).toBe(200);
  expect((await api("/api/server-session/logout", { method: "POST", headers: { cookie: server.cookie } }, a.url)).status).toBe(204);
  expect((await api("/api/server-session/me", { headers: { cookie: server.cookie } }, b.url)).status).toBe(401);
});

test("sign out everywhere on B ends A's sessions of every approach", async () => {
  const jwt = await jwtLogin("bob", a.url);
  const sealed = await cookieLogin("bob", a.url);
  const nextAuth = await nextAuthLogin("bob", undefined, undefined, a.url);
  const server = await serverSessionLogin("bob", a.url);
  expect((await api("/api/cookie/logout-everywhere", { method: "POST", headers: { cookie: sealed.cookie } }, b.url)).status).toBe(204);
  expect((await api("/api/server-session/me", { headers: { cookie: server.cookie } }, b.url)).status).toBe(401);
  expect((await api("/api/jwt/me", { headers: { authorization: `Bearer ${jwt.token}` } }, a.url)).status).toBe(401);
  expect((await api("/api/jwt/refresh", { method: "POST", headers: { cookie: `jwt-refresh=${jwt.refresh}` } }, a.url)).status).toBe(401);
  expect((await api("/api/cookie/me", { headers: { cookie: sealed.cookie } }, a.url)).status).toBe(401);
  expect((await api("/api/nextauth/me", { headers: { cookie: nextAuth.cookie } }, a.url)).status).toBe(401);
  // A new sign-in works again, on either instance.
  expect((await jwtLogin("bob", b.url)).response.status).toBe(200);
});

test("a refresh token reused on B revokes the family issued by A", async () => {
  const { refresh } = await jwtLogin("alice", a.url);
  const present = (instance: Instance) => api("/api/jwt/refresh", { method: "POST", headers: { cookie: `jwt-refresh=${refresh}` } }, instance.url);
  const rotated = await present(a);
  expect(rotated.status).toBe(200);
  const successor = setCookie(rotated, "jwt-refresh")?.value ?? "";

  // Within the grace window a spent token gets one more successor (a second tab); a third presentation is reuse.
  expect((await present(b)).status).toBe(200);
  const reuse = await present(b);
  expect(reuse.status).toBe(401);
  expect((await reuse.json()) as unknown).toMatchObject({ detail: "The credential has been revoked." });
  expect((await api("/api/jwt/refresh", { method: "POST", headers: { cookie: `jwt-refresh=${successor}` } }, a.url)).status).toBe(401);
});

test("two concurrent refreshes on A and B both keep the user signed in", async () => {
  const { refresh } = await jwtLogin("bob", a.url);
  const headers = { cookie: `jwt-refresh=${refresh}` };
  const [onA, onB] = await Promise.all([
    api("/api/jwt/refresh", { method: "POST", headers }, a.url),
    api("/api/jwt/refresh", { method: "POST", headers }, b.url),
  ]);
  expect([onA.status, onB.status]).toEqual([200, 200]);
  for (const response of [onA, onB]) {
    const next = setCookie(response, "jwt-refresh")?.value ?? "";
    expect((await api("/api/jwt/refresh", { method: "POST", headers: { cookie: `jwt-refresh=${next}` } }, b.url)).status).toBe(200);
  }
});

test("copies of a spent refresh token replayed at once on A and B get one successor between them, then none", async () => {
  const { refresh } = await jwtLogin("alice", a.url);
  const headers = { cookie: `jwt-refresh=${refresh}` };
  expect((await api("/api/jwt/refresh", { method: "POST", headers }, a.url)).status).toBe(200);
  const replays = await Promise.all([a, b, a, b, a].map((instance) => api("/api/jwt/refresh", { method: "POST", headers }, instance.url)));
  // Within the grace window, one copy gets the second tab's successor; the others are reuse.
  expect(replays.map((response) => response.status).sort()).toEqual([200, 401, 401, 401, 401]);
  // So the family is revoked: the copy that was let in is dead too.
  const granted = replays.find((response) => response.status === 200);
  const next = (granted && setCookie(granted, "jwt-refresh")?.value) ?? "";
  expect(next).not.toBe("");
  expect((await api("/api/jwt/refresh", { method: "POST", headers: { cookie: `jwt-refresh=${next}` } }, b.url)).status).toBe(401);
});

test("failed sign-ins are counted across instances: the 6th try gets 429 with Retry-After", async () => {
  const wrong = { username: "bob", password: "not-his-password" };
  for (let i = 0; i < 5; i++) {
    const instance = i % 2 ? a : b;
    expect((await api("/api/jwt/login", { method: "POST", json: wrong }, instance.url)).status).toBe(401);
  }
  for (const [path, instance] of [["/api/cookie/login", a], ["/api/server-session/login", b]] as const) {
    const locked = await api(path, { method: "POST", json: { username: "bob", password: DEMO_PASSWORD } }, instance.url);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(locked.headers.get("content-type")).toBe("application/problem+json");
  }
  const nextAuth = await nextAuthLogin("bob", DEMO_PASSWORD, undefined, a.url);
  expect(nextAuth.cookie).toBe(""); // next-auth reports it its own way (401 + error in the URL): no session either way
});

test("with bob locked out, the attack lab marks the cells needing his sign-in untested, not wrongly judged", async ({ page }) => {
  test.setTimeout(90_000);
  // The test above locked bob out on both instances (they share Redis).
  await page.goto(`${a.url}/lab`);
  await page.getByRole("button", { name: "Run every attack" }).click();
  const summary = page.getByTestId("lab-summary");
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(summary).toContainText("not tested: a sign-in they need as bob was refused by the throttle");
  await expect(summary).not.toContainText("every attack refused");
  for (const id of ["enumeration-jwt", "enumeration-nextauth", "xss-read-cookie", "xss-read-nextauth", "xss-read-server-session"]) {
    await expect(page.getByTestId(`cell-${id}`)).toHaveAttribute("data-untested", "");
    await expect(page.getByTestId(`cell-${id}`)).toContainText("Not tested (bob locked out)");
  }
  const judged = page.getByTestId("attack-matrix").locator("[data-verdict]");
  expect(await judged.count()).toBeGreaterThanOrEqual(30);
  for (const cell of await judged.all()) expect(await cell.getAttribute("data-verdict")).toBe(await cell.getAttribute("data-expected"));
  await page.screenshot({ path: test.info().outputPath("lab-bob-locked-out.png"), fullPage: true });
});

test("with Redis down, checks fail closed with 503 and a log line; the app recovers when Redis returns", async () => {
  const { token } = await jwtLogin("alice", a.url);
  const sealed = await cookieLogin("alice", b.url);
  const server = await serverSessionLogin("alice", a.url);
  const nextAuth = await nextAuthLogin("alice", DEMO_PASSWORD, undefined, a.url);
  await redis.stop();

  const refused = await api("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } }, a.url);
  expect(refused.status).toBe(503);
  expect(refused.headers.get("content-type")).toBe("application/problem+json");
  expect(refused.headers.get("retry-after")).toBe("5");
  expect(await refused.text()).not.toContain("eyJ");
  expect((await api("/api/cookie/me", { headers: { cookie: sealed.cookie } }, b.url)).status).toBe(503);
  expect((await api("/api/server-session/me", { headers: { cookie: server.cookie } }, b.url)).status).toBe(503);
  expect((await api("/api/jwt/login", { method: "POST", json: { username: "alice", password: DEMO_PASSWORD } }, a.url)).status).toBe(503);
  // A sign-out that cannot revoke says so, and clears nothing (next-auth's own signOut event
  // would have swallowed the failure and answered 200).
  const signOut = await nextAuthSignOut(nextAuth.cookie, a.url);
  expect(signOut.status).toBe(503);
  expect(setCookie(signOut, "next-auth.session-token")).toBeUndefined();
  // next-auth itself would read the outage as "no session" and clear the cookie, and put the
  // error's message in its sign-in answer: both are a 503 instead.
  const session = await api("/api/auth/session", { headers: { cookie: nextAuth.cookie } }, a.url);
  expect(session.status).toBe(503);
  expect(setCookie(session, "next-auth.session-token")).toBeUndefined();
  const signIn = (await nextAuthLogin("bob", DEMO_PASSWORD, undefined, a.url)).response;
  expect(signIn.status).toBe(503);
  expect(await signIn.text()).not.toContain("redis");
  // An account page cannot pick its own status: the proxy checks the store first, and answers
  // the outage with a 503 of its own, not a sign-in redirect or the page's error screen.
  const accountPages: [string, string][] = [
    ["/cookie/account", sealed.cookie],
    ["/server-session/account", server.cookie],
    ["/nextauth/account", nextAuth.cookie],
  ];
  // A prefetch gets no redirect from the proxy, but the same store check and the same 503.
  const prefetches: Record<string, string>[] = [{}, { purpose: "prefetch" }, { "next-router-prefetch": "1" }];
  for (const [path, cookie] of accountPages) {
    for (const prefetch of prefetches) {
      const page = await api(path, { headers: { cookie, ...prefetch }, redirect: "manual" }, b.url);
      expect(page.status, `${path} ${JSON.stringify(prefetch)}`).toBe(503);
      expect(page.headers.get("retry-after"), path).toBe("5");
    }
  }
  expect(b.output()).not.toMatch(/^\s+at /m); // no stack trace for any of them
  expect((await api("/api/health", {}, a.url)).status).toBe(200); // no store access
  expect(a.output()).toContain("session store (redis) unreachable");
  expect(a.output()).not.toContain("JWT_SESSION_ERROR"); // the store said it; next-auth's read of it says no more
  expect(a.output()).not.toContain(token);

  redis = await startRedis(redis.port);
  await expect
    .poll(async () => (await api("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } }, a.url)).status, { timeout: 15_000 })
    .toBe(200);
  expect((await api("/api/cookie/me", { headers: { cookie: sealed.cookie } }, b.url)).status).toBe(200);
});
