import { expect, test, type Route } from "@playwright/test";
import { api } from "./support/http";
import { startInstance } from "./support/instances";

// The attack lab in a real browser: every cell runs, every verdict is the expected one.

// One cell per attack and approach it applies to (lib/lab/attacks.ts): a cell that goes
// missing, or stops applying, shows here.
const CELLS = 46;

test("the attack lab runs the whole catalog and every verdict is as expected", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto("/lab");
  // The catalog is listed before the run (so /compare can link to its rows); the verdicts come with the summary.
  await expect(page.getByTestId("attack-matrix").locator("[data-verdict]")).toHaveCount(0);
  // On a laptop's 1024 px the table fits its box, before the run and after it: the requests
  // folded away in each cell do not widen the verdict columns and squeeze the attacks' names.
  await page.setViewportSize({ width: 1024, height: 720 });
  const table = page.getByRole("region", { name: "Attacks and verdicts" });
  const attackColumn = page.getByRole("columnheader", { name: "Attack", exact: true });
  const widthBefore = (await attackColumn.boundingBox())?.width ?? 0;
  // Every column keeps its width through the run and when a verdict opens: nothing jumps.
  const columnWidths = () => page.getByTestId("attack-matrix").locator("thead th").evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().width));
  const widthsBefore = await columnWidths();
  // Started from the keyboard, the button keeps focus through the run (it is never `disabled`).
  const runButton = page.getByRole("button", { name: "Run every attack" });
  await runButton.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("lab-summary")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("button", { name: "Run every attack again" })).toBeFocused();
  // Said to a screen reader too: the summary arrives in a live region.
  await expect(page.locator("[aria-live=polite] >> [data-testid=lab-summary]")).toBeVisible();
  expect(await table.evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(0);
  // The attacks' names keep room to be read (about 40 characters a line), not a word or two.
  expect((await attackColumn.boundingBox())?.width ?? 0).toBeGreaterThan(Math.min(widthBefore, 320));
  expect(await columnWidths()).toEqual(widthsBefore);
  await page.getByTestId("cell-claims-jwt").locator("summary").click();
  await expect(page.getByTestId("cell-claims-jwt").locator("pre")).toContainText("GET /api/jwt/me");
  expect(await columnWidths()).toEqual(widthsBefore);
  await page.getByTestId("cell-claims-jwt").locator("summary").click();

  // Narrower than its columns (a tablet), the table scrolls sideways, with a hint, rather than
  // squeezing the attacks to a word a line; on a phone each attack stacks its verdicts under it.
  await page.setViewportSize({ width: 768, height: 720 });
  await expect(page.getByText("Scroll the table sideways for every approach")).toBeVisible();
  expect((await attackColumn.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(240);
  await page.setViewportSize({ width: 390, height: 720 });
  expect(await table.evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(0);
  expect((await page.locator("#attack-claims th").boundingBox())?.width ?? 0).toBeGreaterThan(300);
  const label = await page.getByTestId("cell-claims-jwt").evaluate((cell) => getComputedStyle(cell, "::before").content);
  expect(label).toBe('"JWT bearer"'); // no header row above it: the cell names its approach
  await page.setViewportSize({ width: 1280, height: 720 });
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
  // Spot checks: the claim checks refuse what the real key signed; a live stolen credential
  // works by design, and so does script reading the JWT's access token, which it must send.
  await expect(page.getByTestId("cell-claims-jwt")).toHaveAttribute("data-verdict", "refused");
  await expect(page.getByTestId("cell-csrf-cookie")).toHaveAttribute("data-verdict", "refused");
  for (const id of ["stolen-before-expiry-server-session", "xss-read-jwt"]) {
    await expect(page.getByTestId(`cell-${id}`)).toHaveAttribute("data-verdict", "allowed");
    await expect(page.getByTestId(`cell-${id}`)).toContainText("(by design)");
  }
  for (const id of ["xss-read-cookie", "xss-read-nextauth", "xss-read-server-session", "open-redirect-nextauth"]) {
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

  // Asked again at once, the lab answers with the same run (lib/lab/attacks.ts), and says so.
  await page.getByRole("button", { name: "Run every attack again" }).click();
  await expect(page.getByTestId("lab-summary")).toContainText("These verdicts are from the run started at");
  await expect(page.getByTestId("lab-summary")).toContainText(`${CELLS} of ${CELLS} cells as expected`);
});

test("anyone may ask for the lab, so one run answers everyone for 30 s after it ends", async () => {
  test.setTimeout(90_000);
  const ask = async () => {
    const response = await api("/api/lab/attacks", { method: "POST" });
    expect(response.status).toBe(200);
    const report: unknown = await response.json();
    expect(report).toMatchObject({ ranAt: expect.any(String), shared: expect.any(Boolean), sharedForSeconds: 30, results: expect.any(Array) });
    return report as { ranAt: string; shared: boolean; sharedForSeconds: number; results: unknown[] };
  };
  // A run another spec started may be about to stop being shared: go on from one this test
  // started, or one that started less than 15 s ago (so it ended less than 15 s ago too).
  let first = await ask();
  for (let tries = 0; first.shared && Date.now() - Date.parse(first.ranAt) > 15_000 && tries < 40; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    first = await ask();
  }
  const [again, atOnce] = await Promise.all([ask(), ask()]);
  for (const report of [again, atOnce]) {
    expect(report.ranAt).toBe(first.ranAt);
    expect(report.shared).toBe(true);
    expect(report.results).toEqual(first.results);
  }
});

test("a run that fails says so, and leaves no verdicts from the run before", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto("/lab");
  await page.getByRole("button", { name: "Run every attack" }).click();
  await expect(page.getByTestId("lab-summary")).toBeVisible({ timeout: 60_000 });
  const verdicts = page.getByTestId("attack-matrix").locator("[data-verdict]");
  await expect(verdicts).toHaveCount(CELLS);
  const failed = page.getByRole("alert").filter({ hasText: "The lab could not run. Try again in a moment." });

  const failures = [
    ["cut off on the network", (route: Route) => route.abort()],
    ["answered 503", (route: Route) => route.fulfill({ status: 503, contentType: "application/problem+json", body: "{}" })],
  ] as const;
  for (const [what, fail] of failures) {
    await page.route("**/api/lab/attacks", fail);
    await page.getByRole("button", { name: /^Run every attack/ }).click();
    await expect(failed, what).toBeVisible();
    await expect(page.getByTestId("lab-summary"), what).toHaveCount(0);
    await expect(verdicts, what).toHaveCount(0);
    await page.unroute("**/api/lab/attacks");

    await page.getByRole("button", { name: "Run every attack" }).click();
    await expect(page.getByTestId("lab-summary")).toBeVisible({ timeout: 60_000 });
    await expect(failed).toHaveCount(0);
    await expect(verdicts).toHaveCount(CELLS);
  }
});

test("a sign-in limit above the lab's guesses leaves the guessing cells untested, and says why: not bob locked out", async ({ page }) => {
  test.setTimeout(90_000);
  const instance = await startInstance("limit-30", { LOGIN_MAX_FAILURES_PER_ACCOUNT: "30", LOGIN_MAX_FAILURES_PER_ADDRESS: "100000" });
  try {
    await page.goto(`${instance.url}/lab`);
    await page.getByRole("button", { name: "Run every attack" }).click();
    const summary = page.getByTestId("lab-summary");
    await expect(summary).toBeVisible({ timeout: 60_000 });
    await expect(summary).toContainText("4 not tested: the sign-in limit is as high as the guesses the lab sends (25 at most) or higher");
    await expect(summary).not.toContainText("locked");
    for (const approach of ["jwt", "cookie", "nextauth", "server-session"]) {
      const cell = page.getByTestId(`cell-guessing-${approach}`);
      await expect(cell).toHaveAttribute("data-untested", "");
      await expect(cell).toHaveText("Not tested (limit out of reach) · 401 ×25"); // every guess checked, none throttled
    }
    // Every other cell is judged as before.
    const judged = page.getByTestId("attack-matrix").locator("[data-verdict]");
    await expect(judged).toHaveCount(CELLS - 4);
    for (const cell of await judged.all()) expect(await cell.getAttribute("data-verdict")).toBe(await cell.getAttribute("data-expected"));
  } finally {
    await instance.stop();
  }
});
