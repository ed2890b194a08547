import { expect, test } from "@playwright/test";
import { SCHEMES, settle, signInEverywhere } from "./support/a11y";
import { APPROACHES, panel } from "./support/approaches";

// The home page as a person sees it, kept as test artifacts: signed out and signed in to every
// column, on a phone and on a desktop, in light and in dark.

const SCREENSHOTS = "test-results/screenshots";
const WIDTHS = [390, 1440];

for (const width of WIDTHS) {
  for (const colorScheme of SCHEMES) {
    test(`the home page at ${width} px in ${colorScheme} mode, signed out and signed in`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });

      async function shoot(state: "signed-out" | "signed-in") {
        const name = `home-${state}-${width}-${colorScheme}`;
        const body = await page.screenshot({ fullPage: true, path: `${SCREENSHOTS}/${name}.png` });
        await testInfo.attach(name, { body, contentType: "image/png" });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
      }

      await page.goto("/");
      await settle(page);
      await shoot("signed-out");

      await signInEverywhere(page);
      for (const approach of APPROACHES) await expect(panel(page, approach).status).toContainText("Signed in as alice");
      await page.evaluate(() => window.scrollTo(0, 0));
      await shoot("signed-in");
    });
  }
}
