import { expect, test } from "@playwright/test";

// The attack lab in a real browser: every cell runs, every verdict is the expected one.

// One cell per attack and approach it applies to (lib/lab/attacks.ts): a cell that goes
// missing, or stops applying, shows here.
const CELLS = 46;

test("the attack lab runs the whole catalog and every verdict is as expected", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto("/lab");
  // The catalog is listed before the run (so /compare can link to its rows); the verdicts come with the summary.
  await expect(page.getByTestId("attack-matrix").locator("[data-verdict]")).toHaveCount(0);
  // Started from the keyboard, the button keeps focus through the run (it is never `disabled`).
  const runButton = page.getByRole("button", { name: "Run every attack" });
  await runButton.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("lab-summary")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("button", { name: "Run every attack again" })).toBeFocused();
  const matrix = page.getByTestId("attack-matrix");
  const cells = matrix.locator("[data-verdict]");
  const count = await cells.count();
  expect(count).toBe(CELLS);
  for (let i = 0; i < count; i++) {
    const cell = cells.nth(i);
    const testId = await cell.getAttribute("data-testid");
    expect(await cell.getAttribute("data-verdict"), testId ?? "").toBe(await cell.getAttribute("data-expected"));
  }
  await expect(page.getByTestId("lab-summary")).toContainText(`${CELLS} of ${CELLS} cells as expected`);
  // Spot checks: the claim checks refuse what the real key signed; a live stolen credential works by design.
  await expect(page.getByTestId("cell-claims-jwt")).toHaveAttribute("data-verdict", "refused");
  await expect(page.getByTestId("cell-csrf-cookie")).toHaveAttribute("data-verdict", "refused");
  await expect(page.getByTestId("cell-stolen-before-expiry-server-session")).toHaveAttribute("data-verdict", "allowed");
  for (const id of ["xss-read-cookie", "xss-read-jwt", "open-redirect-nextauth"]) {
    await expect(page.getByTestId(`cell-${id}`)).toHaveAttribute("data-verdict", "refused");
  }
  // next-auth signs in through the same throttle, with one answer for an unknown user and a
  // wrong password: its callback is attacked like every other sign-in, not skipped.
  for (const attack of ["guessing", "enumeration"]) {
    for (const approach of ["jwt", "cookie", "nextauth", "server-session"]) {
      await expect(page.getByTestId(`cell-${attack}-${approach}`)).toHaveAttribute("data-verdict", "refused");
    }
  }
  await page.screenshot({ path: test.info().outputPath("lab-1280.png"), fullPage: true });
});
