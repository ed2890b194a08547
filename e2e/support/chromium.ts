import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { chromium } from "@playwright/test";

/** Debian's Chromium when installed (Playwright cannot download its own everywhere); undefined means Playwright's own. */
export function systemChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      const found = execFileSync("which", [name], { encoding: "utf8" }).trim();
      if (found && fs.existsSync(found)) return found;
    } catch {
      // not on the PATH: try the next name
    }
  }
  return undefined;
}

/** Whether there is a Chromium to launch: Debian's, or Playwright's own. */
export function chromiumInstalled(): boolean {
  return fs.existsSync(systemChromium() ?? chromium.executablePath());
}

/** This machine has no internet: stop Chromium's background calls home. */
export const CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];
