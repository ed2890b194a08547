import fs from "node:fs";
import path from "node:path";
import { expect, test, type Locator } from "@playwright/test";
import { APPROACHES } from "./support/approaches";

// "Copy this pattern": each approach page shows code cut from the real source files at
// build time. The test reads those files itself and holds the page to them.

const LOCATION = /^(.+):(\d+)–(\d+)$/;

/** The lines the block claims to show, read from disk now. */
async function sourceLines(pattern: Locator): Promise<{ location: string; expected: string }> {
  const location = ((await pattern.getByTestId("pattern-location").textContent()) ?? "").trim();
  const [, file = "", start = "0", end = "0"] = LOCATION.exec(location) ?? [];
  expect(file, `a location like lib/x.ts:1–9, got "${location}"`).not.toBe("");
  const lines = fs.readFileSync(path.join(process.cwd(), file), "utf8").split(/\r?\n/);
  expect(Number(end)).toBeLessThanOrEqual(lines.length);
  expect(Number(start)).toBeLessThanOrEqual(Number(end));
  return { location, expected: lines.slice(Number(start) - 1, Number(end)).join("\n") };
}

for (const approach of APPROACHES) {
  test(`${approach.page} shows its patterns exactly as the source files have them`, async ({ page }) => {
    await page.goto(approach.page);
    const section = page.getByRole("region", { name: "Copy this pattern" });
    await expect(section).toBeVisible();
    for (const id of ["guard", "login", "verify"]) await expect(section.locator(`#pattern-${id}`)).toBeVisible();
    await expect(section.locator("#pattern-guard").getByTestId("pattern-code")).toContainText("export async function require");

    const patterns = section.getByTestId("pattern");
    const count = await patterns.count();
    expect(count).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < count; i++) {
      const { location, expected } = await sourceLines(patterns.nth(i));
      expect(await patterns.nth(i).getByTestId("pattern-code").textContent(), location).toBe(expected);
    }
  });

  test(`${approach.page}: the copy button puts exactly the shown code on the clipboard`, async ({ context, page }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto(approach.page);
    const guard = page.locator("#pattern-guard");
    await guard.getByRole("button", { name: "Copy The guard" }).click();
    await expect(guard.getByRole("button", { name: "Copied The guard" })).toBeVisible();

    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const { expected } = await sourceLines(guard);
    expect(copied).toBe(expected);
    expect(copied).toBe(await guard.getByTestId("pattern-code").textContent());
    await expect(guard.getByRole("button", { name: "Copy The guard" })).toBeVisible({ timeout: 5_000 });
  });
}

test("when the browser refuses the clipboard, the block says how to copy by hand (keyboard only)", async ({ page }) => {
  await page.addInitScript(() => {
    const refuse = () => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError"));
    Object.defineProperty(navigator, "clipboard", { value: { writeText: refuse }, configurable: true });
  });
  await page.goto("/cookie");
  const block = page.locator("#pattern-cookie-options");
  const button = block.getByRole("button", { name: "Copy The cookie options" });
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(block.getByRole("status")).toHaveText("The browser refused the clipboard. Select the code and copy it by hand.");
  await expect(button).toBeVisible(); // never claims "Copied"
});

test("the patterns take the page's width, where every line fits at 1440 px; a block cut at the edge fades there and says it scrolls", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/jwt");
  const section = page.getByRole("region", { name: "Copy this pattern" });
  // The prose beside the working column is some 830 px wide: the code is not kept to it.
  expect((await section.boundingBox())?.width ?? 0).toBeGreaterThan(1200);
  const blocks = section.getByTestId("pattern").getByRole("region");
  for (const block of await blocks.all()) expect(await block.evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(0);
  await expect(section.locator("[data-more]")).toHaveCount(0);

  await page.setViewportSize({ width: 390, height: 900 });
  const verify = page.locator("#pattern-verify");
  const code = verify.getByRole("region");
  await expect(code).toHaveAttribute("data-more", "true");
  await expect(verify.getByTestId("scroll-hint")).toHaveCSS("opacity", "1");
  // Scrolled to its end, nothing more lies to the right: the hint goes.
  await code.evaluate((box) => box.scrollTo({ left: box.scrollWidth }));
  await expect(code).not.toHaveAttribute("data-more");
  await expect(verify.getByTestId("scroll-hint")).toHaveCSS("opacity", "0");
});
