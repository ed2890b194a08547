import { expect, test } from "@playwright/test";
import { APPROACHES, approach, panel } from "./support/approaches";

const cookieApproach = approach("cookie");

// Only cookie approaches can protect a server-rendered page: a navigation carries cookies, never a bearer header.
for (const approach of APPROACHES.filter((a) => a.id !== "jwt")) {
  test(`${approach.name}: an anonymous visitor to the account page is sent to sign in, then brought back`, async ({ page }) => {
    await page.goto(`${approach.page}/account`);
    await expect(page).toHaveURL(new RegExp(`${approach.page}\\?next=%2F${approach.id}%2Faccount$`));

    await panel(page, approach).signIn("bob");
    await expect(page).toHaveURL(new RegExp(`${approach.page}/account$`));
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator("main")).toContainText("bob");
  });
}

test("the account page is rendered on the server from the cookie alone", async ({ page, request }) => {
  await page.goto("/cookie");
  await panel(page, cookieApproach).signIn("alice");
  await expect(panel(page, cookieApproach).status).toContainText("Signed in as alice");

  // A fresh navigation with JavaScript's help or without: the cookie rides along by itself.
  // The HTML as the server sent it names her: no script filled it in afterwards.
  const response = await page.goto("/cookie/account");
  expect(response?.status()).toBe(200);
  expect(await response?.text()).toContain("Signed in as <!-- -->alice");
  await expect(page.locator("main")).toContainText("alice");

  // No cookie at all: the proxy redirects; an unusable one: the page itself redirects.
  const cookies: Record<string, string>[] = [{}, { cookie: "session-lab=Fe26.2**not-a-seal" }];
  for (const headers of cookies) {
    const anonymous = await request.get("/cookie/account", { maxRedirects: 0, headers });
    expect(anonymous.status(), JSON.stringify(headers)).toBe(307);
    expect(anonymous.headers().location).toBe("/cookie?next=%2Fcookie%2Faccount");
  }
});

// One test per value: each is a whole sign-in, and five in one test outran its time limit on a busy machine.
const HOSTILE_NEXT = ["https://evil.example", "//evil.example", "/\\evil.example", "/.//evil.example", "javascript:alert(1)"];
for (const approach of APPROACHES.filter((a) => a.id !== "jwt")) {
  for (const next of HOSTILE_NEXT) {
    test(`${approach.name}: next=${next} never leads off the site`, async ({ page }) => {
      await page.goto(`${approach.page}?next=${encodeURIComponent(next)}`);
      await panel(page, approach).signIn("bob");
      await expect(page).toHaveURL(new RegExp(`^http://localhost:\\d+${approach.page}/account$`));
    });
  }
}
