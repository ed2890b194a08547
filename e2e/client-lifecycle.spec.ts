import { expect, test, type APIResponse, type Locator, type Page, type Route } from "@playwright/test";
import { APPROACHES, approach, panel, type Approach } from "./support/approaches";
import { DEMO_PASSWORD, api, setCookie } from "./support/http";

// When a request fails or two of them cross, what a column says must still be what the
// server did: signed in only while the server would let the credential through, signed
// out only once it would not. The network is cut or slowed with page.route; every answer
// that does arrive is the real server's.

const JWT = approach("jwt");

/**
 * The answer a server gives a bearer token it refuses (RFC 6750), which makes the JWT column
 * refresh; readable from the page's origin, as the second service's own answers are.
 */
const refuseToken = (route: Route) =>
  route.fulfill({
    status: 401,
    headers: {
      "www-authenticate": 'Bearer error="invalid_token"',
      "content-type": "application/problem+json",
      "access-control-allow-origin": route.request().headers().origin ?? "*",
      "access-control-expose-headers": "WWW-Authenticate",
    },
    body: JSON.stringify({ type: "about:blank", title: "Unauthorized", status: 401, detail: "The credential has expired." }),
  });

/**
 * Handles the first request to `url` (by `method`, when given) and lets every other one
 * through. Not `page.route(…, { times: 1 })`: once that is used up, Playwright switches
 * Chromium's interception off, and a request that starts meanwhile can be paused and never
 * resumed (microsoft/playwright#41802): 12 of 200 here, when a column's next request follows
 * the cut one at once.
 */
async function routeOnce(page: Page, url: string, handler: (route: Route) => Promise<void>, method?: string) {
  let used = false;
  await page.route(url, (route) => {
    if (used || (method !== undefined && route.request().method() !== method)) return route.fallback();
    used = true;
    return handler(route);
  });
}

/**
 * Holds back the answer to the first request to `url` (by `method`, when given): the server
 * answers it at once, and the page gets that real answer only on `release()`. `served`
 * resolves with the answer as soon as the server has given it.
 */
async function holdAnswer(page: Page, url: string, method?: string) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let serve: (response: APIResponse) => void = () => {};
  const served = new Promise<APIResponse>((resolve) => (serve = resolve));
  await routeOnce(
    page,
    url,
    async (route) => {
      const response = await route.fetch();
      serve(response);
      await released;
      await route.fulfill({ response });
    },
    method,
  );
  return { served, release };
}

/** Opens the approach's own page, with alice signed in to its column. */
async function signedIn(page: Page, approach: Approach) {
  await page.goto(approach.page);
  const column = panel(page, approach);
  await column.signIn("alice");
  await expect(column.status).toContainText("Signed in as alice");
  return column;
}

const unavailable = (route: Route) =>
  route.fulfill({
    status: 503,
    headers: { "content-type": "application/problem+json" },
    body: JSON.stringify({ type: "about:blank", title: "Service Unavailable", status: 503, detail: "The session store is unavailable." }),
  });

test("JWT: a sign-out cut off on the network, then tried again, still revokes the access token", async ({ page }) => {
  const jwt = await signedIn(page, JWT);
  const asked = page.waitForRequest((request) => request.url().endsWith("/api/jwt/me"));
  await jwt.root.getByRole("button", { name: "Who am I?" }).click();
  const authorization = (await asked).headers().authorization ?? "";
  expect(authorization).toMatch(/^Bearer ey/);

  await routeOnce(page, "**/api/jwt/logout", (route) => route.abort());
  await jwt.root.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(jwt.result).toContainText("Network error");
  await expect(jwt.status).toContainText("Signed in as alice");
  await jwt.signOut();

  expect((await api("/api/jwt/me", { headers: { authorization } })).status).toBe(401);
});

test("JWT: a refresh still on its way when the user signs out does not sign the column back in", async ({ page }) => {
  const jwt = await signedIn(page, JWT);

  // The second service refuses the token, so the column refreshes; its answer is held back
  // until the user has signed out (the second service's button does not wait for the column).
  await routeOnce(page, "**/whoami", refuseToken);
  const refresh = await holdAnswer(page, "**/api/jwt/refresh");
  const refreshed = page.waitForResponse((response) => response.url().endsWith("/api/jwt/refresh"));
  await jwt.root.getByRole("button", { name: "Call the second service" }).click();
  await refresh.served; // the server has answered it (a new token) before the sign-out reaches it
  await jwt.signOut();
  refresh.release();
  expect((await refreshed).status()).toBe(200); // a new access token came back, and must go unused

  // Unused: the next call goes without any token (a column that took the late one would send it).
  const asked = page.waitForRequest((request) => request.url().endsWith("/api/jwt/me"));
  await jwt.root.getByRole("button", { name: "Who am I?" }).click();
  expect((await asked).headers().authorization).toBeUndefined();
  await expect(jwt.result).toContainText("401");
  await expect(jwt.status).toContainText("Not signed in");
  await expect(jwt.log).not.toContainText("retry with the new access token");
});

test("JWT: a refresh the server refuses for the second service's call signs the column out", async ({ page, context }) => {
  const jwt = await signedIn(page, JWT);

  // The sign-in ends elsewhere (its refresh cookie, logged out from outside the page)...
  const refresh = (await context.cookies()).find((cookie) => cookie.name === "jwt-refresh")?.value;
  expect(refresh).toBeTruthy();
  expect((await api("/api/jwt/logout", { method: "POST", headers: { cookie: `jwt-refresh=${refresh}` } })).status).toBe(204);
  // ...and the second service refuses the token as expired, so the column refreshes: the server says no.
  await routeOnce(page, "**/whoami", refuseToken);
  const refreshed = page.waitForResponse((response) => response.url().endsWith("/api/jwt/refresh"));
  await jwt.root.getByRole("button", { name: "Call the second service" }).click();
  expect((await refreshed).status()).toBe(401);
  await expect(jwt.status).toContainText("Not signed in");
});

test("JWT: a refresh cut off on the network leaves the column signed in, and says what happened", async ({ page }) => {
  const jwt = await signedIn(page, JWT);

  await routeOnce(page, "**/api/jwt/me", refuseToken);
  await routeOnce(page, "**/api/jwt/refresh", (route) => route.abort());
  await jwt.root.getByRole("button", { name: "Who am I?" }).click();
  await expect(jwt.result).toContainText("Network error");
  await expect(jwt.status).toContainText("Signed in as alice");

  // Nothing was lost: the token this tab holds still works.
  await jwt.root.getByRole("button", { name: "Who am I?" }).click();
  await expect(jwt.result).toContainText("200");
});

/** Where each column asks, on page load, whether it is signed in. */
const PAGE_LOAD_CHECK: Record<Approach["id"], string> = {
  jwt: "**/api/jwt/refresh",
  cookie: "**/api/cookie/me",
  nextauth: "**/api/auth/session",
  "server-session": "**/api/server-session/me",
};

for (const approach of APPROACHES) {
  test(`${approach.name}: a page-load check that fails says so, instead of passing for "not signed in"`, async ({ page }) => {
    const column = await signedIn(page, approach);

    await routeOnce(page, PAGE_LOAD_CHECK[approach.id], unavailable);
    await page.reload();
    await expect(column.status).toContainText("Could not check for a session");
    await expect(column.status).not.toContainText("Not signed in");
    await expect(column.result).toContainText("503");
    await expect(column.result).toContainText("The session store is unavailable.");

    await page.reload(); // the session was there all along
    await expect(column.status).toContainText("Signed in as alice");
  });
}

for (const id of ["jwt", "nextauth"] as const) {
  const subject = approach(id);
  test(`${subject.name}: a sign-in whose follow-up check fails leaves no session behind the "not signed in" it shows`, async ({ page }) => {
    await page.goto(subject.page);
    const column = panel(page, subject);
    await routeOnce(page, `**/api/${id}/me`, (route) => route.abort());
    await column.signIn("alice");
    await expect(column.root).toContainText("Network error");
    await expect(column.status).toContainText("Not signed in");

    await page.reload();
    await expect(column.status).toContainText("Not signed in");
  });
}

test("server session: a note whose answer arrives after the session ended never shows in the next user's list", async ({ page }) => {
  const column = await signedIn(page, approach("server-session"));
  const text = `alice's late note ${crypto.randomUUID()}`;

  // The server adds alice's note at once; its answer reaches the page only after this
  // device's session has been revoked from the session list.
  const add = await holdAnswer(page, "**/api/server-session/notes", "POST");
  await column.root.getByLabel("New note").fill(text);
  await column.root.getByRole("button", { name: "Add note" }).click();
  await column.root.getByRole("button", { name: / \(this device\)$/ }).click();
  await expect(column.status).toContainText("Not signed in");

  const added = page.waitForResponse((response) => response.request().method() === "POST" && response.url().endsWith("/api/server-session/notes"));
  add.release();
  expect((await added).status()).toBe(201);

  // Bob signs in, and his list is held back: whatever the column shows meanwhile is left over.
  const bobsList = await holdAnswer(page, "**/api/server-session/notes", "GET");
  await column.signIn("bob");
  await expect(column.status).toContainText("Signed in as bob");
  await expect(column.root).not.toContainText(text);
  bobsList.release();
  await expect(column.root.getByText(/^\d+ notes?$/)).toBeVisible(); // bob's list is in, not "Loading notes…"
  await expect(column.root).not.toContainText(text);
});

/**
 * Resolves once `button` shows it is held (marked unavailable while a list loads): the other
 * way a column may take a press made meanwhile, besides sending it at once. Never rejects, so
 * it can lose a race quietly.
 */
const heldUnavailable = (button: Locator) =>
  expect(button)
    .toHaveAttribute("aria-disabled", "true", { timeout: 30_000 })
    .then(() => true, () => false);

/** The ids the server listed in a GET …/sessions answer. */
async function listedIds(response: { json(): Promise<unknown> }): Promise<string[]> {
  const body = (await response.json()) as { sessions: { id: string }[] };
  return body.sessions.map((session) => session.id);
}

test("server session: a session list asked for before a sign-out never shows as the next user's", async ({ page }) => {
  const subject = approach("server-session");
  await page.goto(subject.page);
  const column = panel(page, subject);
  const sessions = column.root.getByTestId("session-list");

  // Alice's list is answered by the server at once, and reaches the page only once she has
  // signed out and bob has signed in.
  const alicesList = await holdAnswer(page, "**/api/server-session/sessions");
  await column.signIn("alice");
  await expect(column.status).toContainText("Signed in as alice");
  const ids = await listedIds(await alicesList.served);
  expect(ids.length).toBeGreaterThan(0);
  await column.signOut();

  await column.signIn("bob");
  await expect(column.status).toContainText("Signed in as bob");
  const delivered = page.waitForResponse((response) => response.url().endsWith("/api/server-session/sessions"));
  alicesList.release();
  await delivered;
  // The browser has the late answer; a request after it, answered on the page, means the page has had it too.
  await column.root.getByRole("button", { name: "Who am I?" }).click();
  await expect(column.result).toContainText("bob");
  await expect(sessions.getByRole("button", { name: / \(this device\)$/ })).toBeVisible();
  for (const id of ids) await expect(sessions).not.toContainText(id.slice(0, 8));
});

test("server session: a session revoked while the list is being refreshed does not come back", async ({ page }) => {
  const subject = approach("server-session");
  const other = await api("/api/server-session/login", { method: "POST", json: { username: "alice", password: DEMO_PASSWORD } });
  expect(other.status).toBe(200);
  // The session to revoke is this test's own other sign-in: its cookie is "<id>.<secret>".
  const revokedId = (setCookie(other, "session-lab.sid")?.value ?? "").slice(0, 8);
  expect(revokedId).toMatch(/^[\w-]{8}$/);
  const column = await signedIn(page, subject);
  const sessions = column.root.getByTestId("session-list");
  const target = sessions.getByRole("button", { name: `Revoke session: ${revokedId}`, exact: true });
  await expect(target).toBeVisible();

  // The refresh is answered while the other session is still live, and reaches the page
  // only after that session's revoke has been answered (if the column sends it meanwhile).
  const list = await holdAnswer(page, "**/api/server-session/sessions");
  await sessions.getByRole("button", { name: "Refresh sessions" }).click();
  await list.served;
  const revoked = page.waitForResponse((response) => response.request().method() === "DELETE");
  const clicked = target.click(); // a column that makes it wait for the list presses it once the list is in
  await Promise.race([revoked, heldUnavailable(target)]);
  list.release();
  await clicked;
  expect((await revoked).status()).toBe(204);
  await expect(sessions).not.toContainText("Loading…");
  await expect(target).toBeHidden();

  // The list shows the refresh's answer less the revoked session, which the server no longer
  // holds. (Not "exactly what the server holds now": tests running beside this one sign alice in.)
  const refreshed = (await listedIds(await list.served)).map((id) => id.slice(0, 8));
  expect(refreshed).toContain(revokedId);
  const onServer = (await listedIds(await page.request.get("/api/server-session/sessions"))).map((id) => id.slice(0, 8));
  expect(onServer).not.toContain(revokedId);
  const shown = await sessions.getByRole("button", { name: /^Revoke session/ }).evaluateAll((buttons) =>
    buttons.map((button) => /: ([\w-]+)/.exec(button.getAttribute("aria-label") ?? "")?.[1] ?? ""),
  );
  expect(shown.sort()).toEqual(refreshed.filter((id) => id !== revokedId).sort());
});

for (const [button, url] of [
  ["Who am I?", "**/api/server-session/me"],
  ["Call admin API", "**/api/server-session/admin"],
] as const) {
  test(`server session: a "${button}" answered after this device's session was revoked is not shown as its result`, async ({ page }) => {
    const column = await signedIn(page, approach("server-session"));

    // The server answers alice at once; the answer reaches the page only once the session
    // list has revoked this device's session.
    const answer = await holdAnswer(page, url);
    const delivered = page.waitForResponse((response) => response.url().endsWith(url.slice(2)));
    await column.root.getByRole("button", { name: button }).click();
    await column.root.getByRole("button", { name: / \(this device\)$/ }).click();
    await expect(column.status).toContainText("Not signed in");
    await expect(column.result).toContainText("This device’s session was revoked");

    answer.release();
    expect((await delivered).status()).toBe(200);
    await expect(column.root.getByRole("button", { name: button })).not.toHaveAttribute("aria-disabled");
    await expect(column.result).toContainText("This device’s session was revoked");
    await expect(column.status).toContainText("Not signed in");
  });
}

test("encrypted cookie: a note added while the list is still loading stays in the list", async ({ page }) => {
  const subject = approach("cookie");
  await page.goto(subject.page);
  const column = panel(page, subject);
  const text = `added while the list loads ${crypto.randomUUID()}`;

  // The list is answered by the server at once, without the note, and reaches the page only
  // after the note's add has been answered (if the column sends it meanwhile).
  const list = await holdAnswer(page, "**/api/cookie/notes");
  await column.signIn("alice");
  await expect(column.status).toContainText("Signed in as alice");
  await list.served;
  const added = page.waitForResponse((response) => response.request().method() === "POST" && response.url().endsWith("/api/cookie/notes"));
  await column.root.getByLabel("New note").fill(text);
  const addNote = column.root.getByRole("button", { name: "Add note" });
  const clicked = addNote.click(); // a column that makes it wait presses it once the list is in
  await Promise.race([added, heldUnavailable(addNote)]);
  list.release();
  await clicked;
  expect((await added).status()).toBe(201);
  await expect(column.notes).not.toContainText("Loading notes…");
  await expect(column.notes).toContainText(text);
});

test("jwt: a column still checking for its session takes no calls, which would go without the token and sign it out", async ({ page }) => {
  const column = await signedIn(page, JWT);
  const restore = await holdAnswer(page, "**/api/jwt/refresh");
  await page.reload();
  await expect(column.status).toContainText("Checking for a session…");
  const whoAmI = column.root.getByRole("button", { name: "Who am I?" });
  await expect(whoAmI).toHaveAttribute("aria-disabled", "true");
  let asked = 0;
  page.on("request", (request) => void (request.url().endsWith("/api/jwt/me") && asked++));
  await whoAmI.click({ force: true }); // marked unavailable, not disabled: pressing it sends nothing
  // A request sent by the press would have left by the time the page answers another call.
  await page.evaluate(() => fetch("/api/health"));
  expect(asked).toBe(0);
  restore.release();
  await expect(column.status).toContainText("Signed in as alice");
  await whoAmI.click();
  await expect(column.result).toContainText("You are alice");
});

test("jwt: a refresh that brings another tab's user is not used to do what this tab asked", async ({ context, page }) => {
  const column = await signedIn(page, JWT);
  // Another tab, sharing the refresh cookie: it signs alice out (her sign-in is denied) and bob in.
  const other = await context.newPage();
  await other.goto(JWT.page);
  const otherColumn = panel(other, JWT);
  await expect(otherColumn.status).toContainText("Signed in as alice");
  await otherColumn.signOut();
  await otherColumn.signIn("bob");
  await expect(otherColumn.status).toContainText("Signed in as bob");

  // This tab still shows alice. Her token is refused; the refresh answers with bob's.
  const text = `asked as alice ${Date.now()}`;
  const refreshed = page.waitForResponse((response) => response.url().endsWith("/api/jwt/refresh"));
  await column.root.getByLabel("New note").fill(text);
  await column.root.getByRole("button", { name: "Add note" }).click();
  expect((await refreshed).status()).toBe(200);
  await expect(column.status).toContainText("Not signed in");
  await expect(column.log).not.toContainText("retry with the new access token");

  // Nobody's notes got it: not bob's, whose token the refresh brought.
  await otherColumn.listNotesAfter(() => other.reload());
  await expect(otherColumn.status).toContainText("Signed in as bob");
  await expect(otherColumn.notes).not.toContainText(text);
});

test("cookie: Who am I? in a column that shows nobody, after another tab signed in, shows that user's notes", async ({ context, page }) => {
  const subject = approach("cookie");
  await page.goto(subject.page);
  const column = panel(page, subject);
  await expect(column.status).toContainText("Not signed in");

  const other = await context.newPage();
  await other.goto(subject.page);
  const otherColumn = panel(other, subject);
  await otherColumn.signIn("alice");
  await expect(otherColumn.status).toContainText("Signed in as alice");
  const text = `alice's, from the other tab ${Date.now()}`;
  await otherColumn.addNote(text);

  // The shared cookie is alice's now: this column learns it from the answer, and reads her notes.
  await column.listNotesAfter(() => column.root.getByRole("button", { name: "Who am I?" }).click());
  await expect(column.status).toContainText("Signed in as alice");
  await expect(column.notes).toContainText(text);
  await column.addNote(`${text}, and one from here`);
});
