// The home page's first-load JavaScript, as a browser really downloads it (gzip).
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, systemChromium } from "../../e2e/support/chromium";

export interface PageWeight {
  scripts: number;
  gzipBytes: number;
  rawBytes: number;
}

export async function measureHomePage(url: string): Promise<PageWeight> {
  const browser = await chromium.launch({ executablePath: systemChromium(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const sizes: Promise<{ gzip: number; raw: number }>[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() !== "script") return;
      sizes.push(
        (async () => {
          const sizes = await response.request().sizes();
          return { gzip: sizes.responseBodySize, raw: (await response.body()).byteLength };
        })(),
      );
    });
    await page.goto(url, { waitUntil: "networkidle" });
    const all = await Promise.all(sizes);
    return { scripts: all.length, gzipBytes: all.reduce((n, s) => n + s.gzip, 0), rawBytes: all.reduce((n, s) => n + s.raw, 0) };
  } finally {
    await browser.close();
  }
}
