import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { z } from "zod";
import { APPROACHES } from "./support/approaches";
import { api } from "./support/http";

// /compare: the seed article's trade-offs, a column per approach, every cell backed by a link.

const TRADE_OFFS = ["security", "cookie-config", "scalability", "size", "revocation", "csrf", "xss", "cross-service", "hybrid", "clients", "errors"];

test("a column per approach, a row per trade-off, and every cell links to its evidence", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/compare");
  const table = page.getByTestId("compare-table");
  await expect(table.locator("thead th")).toHaveText(["Trade-off", ...APPROACHES.map((approach) => approach.name)]);
  for (const row of TRADE_OFFS) {
    await expect(table.locator(`tbody#${row}`)).toBeVisible();
    for (const approach of APPROACHES) {
      const cell = page.getByTestId(`cell-${row}-${approach.id}`);
      await expect(cell).not.toBeEmpty();
      expect(await cell.getByRole("link").count(), `${row} × ${approach.id}`).toBeGreaterThan(0);
    }
  }
  // Where the article was wrong, the row says so in words.
  for (const row of ["revocation", "csrf", "errors"]) {
    await expect(table.locator(`tbody#${row}`).getByTestId("verdict")).toContainText("The article was wrong");
  }
  await expect(table.locator("tbody#revocation")).toContainText("Clearing a cookie only deletes the browser's copy");
  // Where the article is silent, the row still reads as a sentence after "The article says:".
  await expect(table.locator("tbody#xss")).toContainText("The article says: Nothing about XSS");
});

test("every link on /compare answers 200, and every #anchor exists on its page", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await page.goto("/compare");
  const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
  const targets = new Map<string, Set<string>>();
  for (const href of hrefs) {
    const url = new URL(href, baseURL);
    expect(url.origin, `${href} stays on this site`).toBe(new URL(baseURL ?? "").origin);
    const anchors = targets.get(url.pathname) ?? new Set<string>();
    if (url.hash) anchors.add(decodeURIComponent(url.hash.slice(1)));
    targets.set(url.pathname, anchors);
  }
  expect(targets.size).toBeGreaterThanOrEqual(8);
  expect([...targets.values()].reduce((sum, anchors) => sum + anchors.size, 0)).toBeGreaterThanOrEqual(30);

  for (const [pathname, anchors] of targets) {
    const response = await api(pathname);
    expect.soft(response.status, `GET ${pathname}`).toBe(200);
    await response.body?.cancel();
    if (anchors.size === 0) continue;
    await page.goto(pathname);
    for (const anchor of anchors) {
      await expect.soft(page.locator(`[id="${anchor}"]`), `${pathname}#${anchor}`).toHaveCount(1);
    }
  }
});

test("the cost section shows the latest bench numbers, or how to produce them", async ({ page }) => {
  await page.goto("/compare");
  const section = page.getByRole("region", { name: "What a check costs, measured" });
  const file = path.join(process.cwd(), "bench-results/latest.json");
  if (!fs.existsSync(file)) {
    await expect(section.getByTestId("bench-missing")).toContainText("npm run bench");
    return;
  }
  const latest = z
    .object({
      http: z.array(
        z.object({ target: z.string(), check: z.string(), requestsPerSecond: z.number(), addedMicros: z.number().optional(), ratio: z.number().optional() }),
      ),
    })
    .parse(JSON.parse(fs.readFileSync(file, "utf8")));
  const jwt = latest.http.find((row) => row.target === "/api/jwt/me" && row.check === "on");
  expect(jwt, "bench-results/latest.json measured /api/jwt/me").toBeDefined();
  await expect(section.getByTestId("bench-jwt")).toContainText(String(jwt?.requestsPerSecond));
  if (jwt?.addedMicros !== undefined) await expect(section.getByTestId("bench-jwt")).toContainText(`+${jwt.addedMicros} µs`);
  // Ratios with two decimals, so that 0.9× and 0.84× line up as 0.90× and 0.84×.
  if (jwt?.ratio !== undefined) await expect(section.getByTestId("bench-jwt")).toContainText(`${jwt.ratio.toFixed(2)}×`);
});

test("Compare is in the site navigation and marks itself as the current page", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compare" }).click();
  await expect(page).toHaveURL(/\/compare$/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compare" })).toHaveAttribute("aria-current", "page");
});

for (const width of [390, 1440]) {
  test(`/compare at ${width} px: readable without sideways scrolling`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/compare");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    if (width < 1024) {
      await expect(page.getByTestId("compare-table")).toBeHidden();
      await expect(page.getByRole("heading", { level: 2, name: "Revocation" })).toBeVisible();
    } else {
      await expect(page.getByTestId("compare-table")).toBeVisible();
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    const screenshot = await page.screenshot({ fullPage: true, path: path.join("test-results/screenshots", `compare-${width}.png`) });
    await testInfo.attach(`compare-${width}`, { body: screenshot, contentType: "image/png" });
  });
}
