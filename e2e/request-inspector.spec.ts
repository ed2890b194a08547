import { expect, test } from "@playwright/test";
import { APPROACHES, approach, panel } from "./support/approaches";
import { api, cookieLogin, jwtLogin, nextAuthLogin, serverSessionLogin, setCookie } from "./support/http";

// The request inspector: Server-Timing measured around the real checks, and a description
// of the credentials on the wire that never carries one whole.

const INSPECT = { "session-lab-inspect": "1" };


interface Wire {
  request: {
    authorization: { scheme: string; bytes: number; preview: string } | null;
    cookies: { name: string; bytes: number; preview: string }[];
    cookiesNotDescribed: number;
  };
  response: { setCookies: { name: string; bytes: number; attributes: string; cleared: boolean }[] };
}

function wireOf(response: Response): Wire {
  const header = response.headers.get("session-lab-wire");
  expect(header, "the wire description").not.toBeNull();
  return JSON.parse(header ?? "{}") as Wire;
}

test("Server-Timing reports the signature check, then the cache, and the revocation lookup", async () => {
  const { token } = await jwtLogin("bob");
  const first = await api("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } });
  expect(first.status).toBe(200);
  expect(first.headers.get("server-timing")).toMatch(/^auth;dur=\d+\.\d{3};desc="jwtVerify", revocation;dur=\d+\.\d{3};desc="sqlite"$/);

  const again = await api("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } });
  expect(again.headers.get("server-timing")).toMatch(/^auth;dur=\d+\.\d{3};desc="jwtVerify: seen before \(cache\)", revocation;dur=/);

  const tampered = await api("/api/jwt/me", { headers: { authorization: `Bearer ${token.slice(0, -4)}AAAA` } });
  expect(tampered.status).toBe(401);
  expect(tampered.headers.get("server-timing")).toMatch(/^auth;dur=\d+\.\d{3};desc="jwtVerify"$/); // refused before any lookup
});

test("each approach times its own check", async () => {
  const cookie = await cookieLogin("bob");
  const nextAuth = await nextAuthLogin("bob");
  const serverSession = await serverSessionLogin("bob");
  const timings = {
    cookie: (await api("/api/cookie/me", { headers: { cookie: cookie.cookie } })).headers.get("server-timing"),
    nextauth: (await api("/api/nextauth/me", { headers: { cookie: nextAuth.cookie } })).headers.get("server-timing"),
    serverSession: (await api("/api/server-session/me", { headers: { cookie: serverSession.cookie } })).headers.get("server-timing"),
  };
  expect(timings.cookie).toMatch(/auth;dur=[\d.]+;desc="unsealData(: seen before \(cache\))?", revocation;dur=[\d.]+;desc="sqlite"/);
  expect(timings.nextauth).toMatch(/^auth;dur=[\d.]+;desc="next-auth decode", revocation;dur=[\d.]+;desc="sqlite"$/);
  expect(timings.serverSession).toMatch(/^auth;dur=[\d.]+;desc="validateSessionToken"$/);
});

test("the wire description comes only when asked, with sizes and never a usable credential", async () => {
  const { token, refresh } = await jwtLogin("bob");
  const headers = { authorization: `Bearer ${token}`, cookie: `jwt-refresh=${refresh}` };
  expect((await api("/api/jwt/me", { headers })).headers.get("session-lab-wire")).toBeNull();

  const response = await api("/api/jwt/me", { headers: { ...headers, ...INSPECT } });
  const raw = response.headers.get("session-lab-wire") ?? "";
  expect(raw).not.toContain(token.slice(6, 30));
  expect(raw).not.toContain(refresh.slice(6));
  const wire = wireOf(response);
  expect(wire.request.authorization).toEqual({ scheme: "Bearer", bytes: `Bearer ${token}`.length, preview: token.slice(0, 6) });
  expect(wire.request.cookies).toEqual([{ name: "jwt-refresh", bytes: `jwt-refresh=${refresh}`.length, preview: refresh.slice(0, 6) }]);
});

const sameButExpires = (attributes = "") => attributes.replace(/Expires=[^;]+/, "Expires=…");

test("cookies set by a response are described with their attributes, not their values", async () => {
  const jwt = await api("/api/jwt/login", { method: "POST", headers: INSPECT, json: { username: "bob", password: "correct-horse-battery-staple" } });
  const refresh = setCookie(jwt, "jwt-refresh")?.value ?? "";
  const [refreshSet] = wireOf(jwt).response.setCookies;
  expect(refreshSet).toMatchObject({ name: "jwt-refresh", bytes: `jwt-refresh=${refresh}`.length, cleared: false });
  // The attributes as they went out, not a rebuild: the Set-Cookie header's own text, but for
  // an Expires computed by each in the same second or the next.
  expect(sameButExpires(refreshSet?.attributes)).toBe(sameButExpires(setCookie(jwt, "jwt-refresh")?.attributes));
  expect(refreshSet?.attributes).toMatch(/^Path=\/api\/jwt; Expires=[^;]+ GMT; Secure; HttpOnly; SameSite=strict$/);

  const cookie = await api("/api/cookie/login", { method: "POST", headers: INSPECT, json: { username: "bob", password: "correct-horse-battery-staple" } });
  const seal = setCookie(cookie, "session-lab")?.value ?? "";
  expect(cookie.headers.get("session-lab-wire")).not.toContain(seal.slice(0, 40));
  const [sealSet] = wireOf(cookie).response.setCookies;
  expect(wireOf(cookie).response.setCookies).toHaveLength(1);
  expect(sealSet).toMatchObject({ name: "session-lab", bytes: `session-lab=${seal}`.length, cleared: false });
  expect(sameButExpires(sealSet?.attributes)).toBe(sameButExpires(setCookie(cookie, "session-lab")?.attributes));
  expect(sealSet?.attributes).toMatch(/^Path=\/; Expires=[^;]+ GMT; Max-Age=28800; Secure; HttpOnly; SameSite=lax$/);

  const signedOut = await api("/api/cookie/logout", { method: "POST", headers: { ...INSPECT, cookie: `session-lab=${seal}` } });
  expect(signedOut.status).toBe(204);
  expect(wireOf(signedOut).response.setCookies).toEqual([expect.objectContaining({ name: "session-lab", cleared: true })]);
});

test("next-auth's own Set-Cookie headers are described too", async () => {
  const csrf = await api("/api/auth/csrf", { headers: INSPECT });
  const described = wireOf(csrf).response.setCookies.map((cookie) => cookie.name);
  expect(described).toContain("next-auth.csrf-token");
});

test("the columns show the inspector: what was sent, what was set, where the time went", async ({ page }) => {
  await page.goto("/");
  for (const each of APPROACHES) {
    const column = panel(page, each);
    await column.signIn("alice");
    await expect(column.status).toContainText("Signed in as alice");
    // A sign-in's credential is the password (and, for next-auth, the CSRF pair), not "None".
    await expect(column.log).toContainText(/Username(,| and) password/);
    await column.root.getByRole("button", { name: "Who am I?" }).click();
    await expect(column.result).toContainText("200");

    const newest = column.root.getByTestId("exchange").first();
    await newest.locator("summary").click();
    await expect(newest.locator("summary")).toContainText(/server checks \d+\.\d\d ms of \d+ ms/);
    await expect(newest.getByTestId("exchange-timing")).toContainText(/auth \d+\.\d{3} ms/);
    await expect(newest.getByTestId("exchange-sent")).toContainText(each.id === "jwt" ? /Authorization: Bearer eyJhbG… \(\d+ B\)/ : /Cookie: \(\d+ B\)/);
  }

  // The sign-in's answer set the cookie: name, size and attributes, no value.
  const cookieColumn = panel(page, approach("cookie"));
  const signIn = cookieColumn.root.getByTestId("request-log").locator("li", { hasText: "/api/cookie/login" }).getByTestId("exchange");
  await signIn.locator("summary").click();
  await expect(signIn.getByTestId("exchange-set")).toContainText(/session-lab \d+ B · Path=\/; Expires=[^;]+ GMT; Max-Age=28800; Secure; HttpOnly; SameSite=lax/);
  const seal = (await page.context().cookies()).find((cookie) => cookie.name === "session-lab")?.value ?? "";
  expect(seal.length).toBeGreaterThan(100);
  expect(await page.content()).not.toContain(seal.slice(0, 20));
});

// Script cannot read an HttpOnly cookie: each log line names the one that went out (or that none
// did) from the server's own description of the exchange, not a guess.
const SESSION_COOKIES = { jwt: "jwt-refresh", cookie: "session-lab", nextauth: "next-auth.session-token", "server-session": "session-lab.sid" };
const sentLine = (name: string) => new RegExp(`Cookie ${name.replaceAll(".", "\\.")} \\(\\d+ B, HttpOnly: attached by the browser\\)`);

test("the log says which cookie the browser really sent: the JWT's first page load none, each column its own once signed in", async ({ page }) => {
  await page.goto("/");
  const jwt = panel(page, approach("jwt"));
  const refresh = jwt.log.locator("ol > li").filter({ hasText: "page load" });
  await expect(refresh).toContainText("/api/jwt/refresh");
  await expect(refresh).toContainText("None — the browser sent no jwt-refresh cookie");

  for (const each of APPROACHES) {
    const column = panel(page, each);
    const rows = column.log.locator("ol > li");
    await column.signIn("alice");
    await expect(column.status).toContainText("Signed in as alice");
    if (each.id === "jwt") {
      await column.signOut(); // with the refresh cookie the sign-in set
      await expect(rows.filter({ hasText: "/api/jwt/logout" })).toContainText(sentLine(SESSION_COOKIES.jwt));
    } else {
      await column.root.getByRole("button", { name: "Who am I?" }).click();
      await expect(column.result).toContainText("200");
      await expect(rows.first()).toContainText(sentLine(SESSION_COOKIES[each.id]));
    }
  }
});

test("signed out, a cookie column's 401s say no cookie was sent, and open like any other row", async ({ page }) => {
  await page.goto("/");
  for (const each of APPROACHES.filter((candidate) => candidate.id !== "jwt")) {
    const column = panel(page, each);
    await column.root.getByRole("button", { name: "Call admin API" }).click();
    await expect(column.result).toContainText("No credential was sent.");
    // The admin call and (but for next-auth's) the page-load check are answered early by proxy.ts.
    for (const hasText of ["page load", `/api/${each.id}/admin`]) {
      const row = column.log.locator("ol > li").filter({ hasText });
      await expect(row).toContainText(`None — the browser sent no ${SESSION_COOKIES[each.id]} cookie`);
      await row.getByTestId("exchange").locator("summary").click();
      // What the server saw come in: next-auth's CSRF cookies, say, once its column has loaded; never a session.
      await expect(row.getByTestId("exchange-sent")).toBeVisible();
      await expect(row.getByTestId("exchange-sent")).not.toContainText(`${SESSION_COOKIES[each.id]}=`);
    }
  }
});

test("a refused bearer token shows its challenge", async ({ page }) => {
  await page.goto("/");
  const jwt = panel(page, approach("jwt"));
  await jwt.root.getByRole("button", { name: "Who am I?" }).click();
  await expect(jwt.result).toContainText("401");
  const exchange = jwt.root.getByTestId("exchange").first();
  await exchange.locator("summary").click();
  await expect(exchange.getByTestId("exchange-challenge")).toContainText('WWW-Authenticate: Bearer realm="session-lab"');
});

test("the JWT column's token works on the second service; the cookie columns say why theirs cannot", async ({ page }) => {
  await page.goto("/");
  const jwt = panel(page, approach("jwt"));
  await jwt.signIn("bob");
  await expect(jwt.status).toContainText("Signed in as bob");
  await jwt.root.getByRole("button", { name: "Call the second service" }).click();
  const answer = jwt.root.getByTestId("second-service-result");
  await expect(answer).toContainText(/200 from localhost:\d+: user #2 \(member\)/);
  await expect(answer).toContainText("/.well-known/jwks.json");

  // The call is in the log, with the other service's own Server-Timing (exposed to this origin).
  const call = jwt.root.getByTestId("request-log").locator("li", { hasText: "/whoami" }).first();
  await call.getByTestId("exchange").locator("summary").click();
  await expect(call.getByTestId("exchange-timing")).toContainText("jwtVerify with the JWKS");

  const why = { cookie: "only by holding the same password", nextauth: "would need that secret", "server-session": "only an id" };
  for (const [id, reason] of Object.entries(why)) {
    const section = page.getByTestId(`panel-${id}`).getByTestId("second-service");
    await expect(section).toContainText(reason);
    await expect(section.getByRole("button")).toHaveCount(0);
  }
});

for (const width of [390, 1440]) {
  test(`the request inspector, open, at ${width} px (screenshot)`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/");
    const cookie = panel(page, approach("cookie"));
    await cookie.signIn("bob");
    await expect(cookie.status).toContainText("Signed in as bob");
    await cookie.root.getByRole("button", { name: "Who am I?" }).click();
    await expect(cookie.result).toContainText("200");
    const newest = cookie.log.getByTestId("exchange").first();
    await newest.locator("summary").click();
    await expect(newest.getByTestId("exchange-timing")).toContainText("unsealData");
    // Nothing in the open inspector runs wider than the column.
    const overflow = await cookie.log.evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const path = `test-results/screenshots/request-inspector-${width}.png`;
    await cookie.log.screenshot({ path });
    await testInfo.attach(`request-inspector-${width}`, { path, contentType: "image/png" });
  });
}
