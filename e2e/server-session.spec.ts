import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { APPROACHES, approach, panel } from "./support/approaches";

// What only a stateful design can do: list a user's sessions, one per device, and end one
// of them from another. Two browser contexts are two devices with their own cookie jars.
//
// Bob may have other live sessions (specs running alongside, earlier runs), so rows are
// found by the session ids these devices hold, never by position or total count.

const serverSession = approach("server-session");

/** The id half of this device's `session-lab.sid` cookie (`id.secret`): the test can read what script cannot. */
async function sessionId(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === "session-lab.sid");
  const id = cookie?.value.split(".")[0];
  if (!id) throw new Error("no session-lab.sid cookie in this context");
  return id;
}

/** How the column names a session: the first 8 characters of its id. */
const shortId = (id: string) => id.slice(0, 8);

async function signedInDevice(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/");
  const column = panel(page, serverSession);
  await column.signIn("bob");
  await expect(column.status).toContainText("Signed in as bob");
  const id = await sessionId(context);
  const list = column.root.getByTestId("session-list");
  return { context, page, column, id, list, row: (sessionId: string) => list.getByRole("listitem").filter({ hasText: shortId(sessionId) }) };
}

test("two devices: each session is listed, and one device can revoke the other", async ({ browser }) => {
  const a = await signedInDevice(browser);
  const b = await signedInDevice(browser);
  try {
    expect(a.id).not.toBe(b.id);

    // A's list was read when A signed in, before B existed.
    await a.list.getByRole("button", { name: "Refresh sessions" }).click();
    await expect(a.list.getByRole("listitem").filter({ hasText: new RegExp(`${shortId(a.id)}|${shortId(b.id)}`) })).toHaveCount(2);
    await expect(a.row(a.id)).toContainText("this device");
    await expect(a.row(b.id)).toBeVisible();
    await expect(a.row(b.id)).not.toContainText("this device");
    await expect(a.list.getByText("this device", { exact: true })).toHaveCount(1);

    await a.list.getByRole("button", { name: `Revoke session: ${shortId(b.id)}`, exact: true }).click();
    await expect(a.row(b.id)).toHaveCount(0);
    await expect(a.row(a.id)).toBeVisible();
    await expect(a.column.status).toContainText("Signed in as bob");

    // B still has its cookie, but the record it named is gone.
    await b.column.root.getByRole("button", { name: "Who am I?" }).click();
    await expect(b.column.result).toContainText("401");
    await expect(b.column.status).toContainText("Not signed in");

    // And A, which revoked it, is untouched.
    await a.column.root.getByRole("button", { name: "Who am I?" }).click();
    await expect(a.column.result).toContainText("200");
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test("revoking this device's own session signs the column out", async ({ browser }) => {
  const device = await signedInDevice(browser);
  try {
    await device.list.getByRole("button", { name: `Revoke session: ${shortId(device.id)} (this device)`, exact: true }).click();
    await expect(device.column.status).toContainText("Not signed in");
    await expect(device.column.result).toContainText("204");
    await expect(device.column.root.getByTestId("session-list")).toHaveCount(0);

    // The server-rendered account page agrees: the cookie is still in the jar, the session is not.
    await device.page.goto("/server-session/account");
    await expect(device.page).toHaveURL(/\/server-session\?next=%2Fserver-session%2Faccount$/);
  } finally {
    await device.context.close();
  }
});

test("the revocation lab: an opaque id is refused with the store and without it", async ({ browser }) => {
  const device = await signedInDevice(browser);
  try {
    await device.column.root.locator("summary", { hasText: "Revocation" }).click();
    await device.column.root.getByRole("button", { name: "Revoke a copy and replay it", exact: true }).click();
    const report = device.column.root.getByTestId("revocation-report");
    await expect(report).toContainText("the copy was refused at once");
    await expect(report).toContainText("accepted 0 of 20 as this server's API checks it");
    await expect(report).toContainText("0 of 20 without the store too");
    await expect(report).toContainText("Nobody: without the store an opaque id means nothing");
    await expect(device.column.status).toContainText("Not signed in");
  } finally {
    await device.context.close();
  }
});

test("only the server session column lists sessions", async ({ page }) => {
  await page.goto("/");
  for (const approach of APPROACHES) {
    const column = panel(page, approach);
    await column.signIn("bob");
    await expect(column.status).toContainText("Signed in as bob");
    await expect(column.root.getByTestId("session-list")).toHaveCount(approach.id === "server-session" ? 1 : 0);
  }
});
