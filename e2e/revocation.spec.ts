import { expect, test } from "@playwright/test";
import { APPROACHES, panel } from "./support/approaches";
import { api, cookieLogin } from "./support/http";

// Claim #8, shown in the browser: a revoked credential's copy is refused at once, "sign out
// everywhere" reaches every approach, and a role change applies to sessions already open.
//
// These tests end ALL of a demo user's sessions and change bob's role, so they must not
// run alongside specs that sign in as the same users: playwright.config.ts runs this
// file in a project of its own, after all the others. Within it, one at a time.
test.describe.configure({ mode: "serial" });

type Column = ReturnType<typeof panel>;

/** The revocation controls sit in a disclosure, closed by default. */
async function openRevocation(column: Column) {
  await column.root.locator("summary", { hasText: "Revocation" }).click();
  return {
    report: column.root.getByTestId("revocation-report"),
    roleResult: column.root.getByTestId("role-result"),
    button: (name: string) => column.root.getByRole("button", { name, exact: true }),
  };
}

/** Puts bob back to the seeded role, whatever happened in the test. */
async function makeBobAMember() {
  const { cookie } = await cookieLogin("alice");
  const response = await api("/api/cookie/admin/role", { method: "POST", headers: { cookie }, json: { username: "bob", role: "member" } });
  expect(response.status).toBe(200);
}

for (const [index, approach] of APPROACHES.entries()) {
  const other = APPROACHES[(index + 1) % APPROACHES.length] ?? approach;

  test.describe(approach.name, () => {
    test("revoke a copy and replay it", async ({ page }) => {
      await page.goto("/");
      const column = panel(page, approach);
      await column.signIn("alice");
      await expect(column.status).toContainText("Signed in as alice (admin)");

      const revocation = await openRevocation(column);
      await revocation.button("Revoke a copy and replay it").click();
      await expect(revocation.report).toContainText("accepted 0 of 20");
      // Without the store a stateless credential would keep working; an opaque session id would not.
      await expect(revocation.report).toContainText(approach.id === "server-session" ? "0 of 20 without the store too" : "20 of 20 without the store check");
      await expect(column.status).toContainText("Not signed in");

      // Signed out for real: nothing left in this browser brings the session back.
      await page.reload();
      await expect(column.status).toContainText("Not signed in");
    });

    test(`sign out everywhere signs out the other columns too (${other.name})`, async ({ page }) => {
      await page.goto("/");
      const column = panel(page, approach);
      const otherColumn = panel(page, other);
      await column.signIn("bob");
      await expect(column.status).toContainText("Signed in as bob");
      await otherColumn.signIn("bob");
      await expect(otherColumn.status).toContainText("Signed in as bob");

      const revocation = await openRevocation(column);
      await revocation.button("Sign out everywhere").click();
      await expect(column.status).toContainText("Not signed in");
      await expect(column.result).toContainText("204");

      await otherColumn.root.getByRole("button", { name: "Who am I?" }).click();
      await expect(otherColumn.result).toContainText("401");
      await expect(otherColumn.status).toContainText("Not signed in");
    });

    test("an admin demotes bob; bob's existing session loses admin at once", async ({ browser }) => {
      const aliceContext = await browser.newContext();
      const bobContext = await browser.newContext();
      try {
        const bobPage = await bobContext.newPage();
        await bobPage.goto("/");
        const bob = panel(bobPage, approach);
        await bob.signIn("bob");
        await expect(bob.status).toContainText("Signed in as bob");

        const alicePage = await aliceContext.newPage();
        await alicePage.goto("/");
        const alice = panel(alicePage, approach);
        await alice.signIn("alice");
        await expect(alice.status).toContainText("Signed in as alice (admin)");
        const roles = await openRevocation(alice);
        await roles.button("Make bob an admin").click();
        await expect(roles.roleResult).toContainText("200");
        await expect(roles.roleResult).toContainText("bob is now an admin");

        // Both changes reach the session bob already has: he never signs in again.
        const callAdmin = bob.root.getByRole("button", { name: "Call admin API" });
        await callAdmin.click();
        await expect(bob.result).toContainText("200");
        await expect(bob.status).toContainText("Signed in as bob (admin)");
        // An admin now, but the role buttons would target his own account (a 409): he gets none.
        await openRevocation(bob);
        await expect(bob.root.getByRole("button", { name: "Sign out everywhere" })).toBeVisible(); // the drawer is open
        await expect(bob.root.getByRole("button", { name: /^Make bob / })).toHaveCount(0);

        await roles.button("Make bob a member").click();
        await expect(roles.roleResult).toContainText("bob is now a member");

        await callAdmin.click();
        await expect(bob.result).toContainText("403");
        await expect(bob.status).toContainText("Signed in as bob (member)");
      } finally {
        await makeBobAMember();
        await aliceContext.close();
        await bobContext.close();
      }
    });
  });
}
