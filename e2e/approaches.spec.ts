import { expect, test } from "@playwright/test";
import { APPROACHES, approach, panel } from "./support/approaches";

// One spec, every approach: the same user-visible flow must work whichever credential carries it.

for (const approach of APPROACHES) {
  test.describe(approach.name, () => {
    test("sign in, who am I, survive a reload, sign out", async ({ page }) => {
      await page.goto("/");
      const column = panel(page, approach);
      await expect(column.status).toContainText("Not signed in");
      await column.signIn("alice");
      await expect(column.status).toContainText("Signed in as alice (admin)");

      await column.root.getByRole("button", { name: "Who am I?" }).click();
      await expect(column.result).toContainText("200");
      await expect(column.result).toContainText("alice");

      await page.reload();
      await expect(column.status).toContainText("Signed in as alice (admin)");

      await column.signOut();
      await page.reload();
      await expect(column.status).toContainText("Not signed in");
    });

    test("a wrong password is refused and leaves the user signed out", async ({ page }) => {
      await page.goto("/");
      const column = panel(page, approach);
      await column.signIn("alice", "wrong password");
      await expect(column.root).toContainText(/Invalid username or password/i);
      await expect(column.status).toContainText("Not signed in");
    });

    test("the admin call: allowed for alice, 403 for bob", async ({ page }) => {
      await page.goto("/");
      const column = panel(page, approach);
      await column.signIn("bob");
      await expect(column.status).toContainText("Signed in as bob (member)");
      await column.root.getByRole("button", { name: "Call admin API" }).click();
      await expect(column.result).toContainText("403");
      await column.signOut();

      await column.signIn("alice");
      await expect(column.status).toContainText("Signed in as alice (admin)");
      await column.root.getByRole("button", { name: "Call admin API" }).click();
      await expect(column.result).toContainText("200");
    });

    test("notes are private to their owner, and can be deleted", async ({ browser }) => {
      const text = `${approach.id} secret of alice ${Date.now()}`;
      const aliceContext = await browser.newContext();
      const alicePage = await aliceContext.newPage();
      await alicePage.goto("/");
      const alice = panel(alicePage, approach);
      await alice.signIn("alice");
      await expect(alice.status).toContainText("Signed in as alice");
      await alice.addNote(text);

      const bobContext = await browser.newContext();
      const bobPage = await bobContext.newPage();
      await bobPage.goto("/");
      const bob = panel(bobPage, approach);
      await bob.listNotesAfter(() => bob.signIn("bob"));
      await expect(bob.status).toContainText("Signed in as bob");
      await expect(bob.notes).not.toContainText(text);

      await alice.root.getByRole("button", { name: `Delete note: ${text}` }).click();
      await expect(alice.notes).not.toContainText(text);
      await alice.listNotesAfter(() => alicePage.reload());
      await expect(alice.status).toContainText("Signed in as alice");
      await expect(alice.notes).not.toContainText(text);

      await aliceContext.close();
      await bobContext.close();
    });

    test("the request log shows each call, its credential and its status", async ({ page }) => {
      await page.goto("/");
      const column = panel(page, approach);
      await column.signIn("bob");
      await expect(column.status).toContainText("Signed in as bob");
      // The sign-in (and a page load) logged calls of their own: this one must add its own line.
      const calls = column.log.getByRole("listitem").filter({ hasText: `/api/${approach.id}/me` });
      const before = await calls.count();
      await column.root.getByRole("button", { name: "Who am I?" }).click();
      await expect(column.result).toContainText("You are bob");
      await expect(calls).toHaveCount(before + 1);
      const newest = calls.first(); // newest first
      await expect(newest.locator("span").first()).toHaveText("200");
      await expect(newest).toContainText(approach.id === "jwt" ? "Authorization: Bearer" : "Cookie");
    });
  });
}

// The form's limit is the API's: 1,000 code points. A field's maxLength would count UTF-16
// units, and so cut a note of emoji at 500 of them.
test("a note holds 1,000 characters as the API counts them, emoji one each", async ({ page }) => {
  await page.goto("/");
  const column = panel(page, approach("cookie"));
  await column.signIn("bob");
  await expect(column.status).toContainText("Signed in as bob");
  const field = column.root.getByLabel("New note");
  const add = column.root.getByRole("button", { name: "Add note" });

  const stamp = String(Date.now());
  const longest = stamp + "🔒".repeat(1000 - stamp.length); // 1,000 code points, 1,987 UTF-16 units
  await field.fill(longest);
  await expect(field).toHaveValue(longest);
  await expect(add).not.toHaveAttribute("aria-disabled");
  const added = page.waitForResponse((response) => response.request().method() === "POST" && response.url().endsWith("/api/cookie/notes"));
  await add.click();
  expect((await added).status()).toBe(201);
  await expect(column.notes).toContainText(longest);
  await expect(field).toHaveValue("");

  // One more is refused in the page, saying why, and nothing is sent.
  let posted = 0;
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/api/cookie/notes")) posted += 1;
  });
  await field.fill(`${longest}🔒`);
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(/Too long: 1,001 characters .*at most 1,000/);
  await expect(add).toHaveAttribute("aria-disabled", "true");
  await field.press("Enter");
  await add.click({ force: true }); // it is only marked unavailable, so it can keep the focus
  await column.root.getByRole("button", { name: "Who am I?" }).click(); // a request after them, to wait on
  await expect(column.result).toContainText("200");
  expect(posted).toBe(0);

  await column.root.getByRole("button", { name: `Delete note: ${stamp}${"🔒".repeat(60 - stamp.length)}…` }).click();
  await expect(column.notes).not.toContainText(stamp);
});
