import { availableParallelism } from "node:os";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, systemChromium } from "./e2e/support/chromium";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://localhost:${PORT}`;

const executablePath = systemChromium();

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // One browser per two cores, and two at most. As root, Chromium raises its display threads
  // to nice -8, and two of them on a 2-core machine starved each other and the server: on a
  // slow day (28 November) CI ran out of time in 6 tests with 2 workers (24.7 min); with 1,
  // all 289 passed in 23.8 min on the same kind of machine. More would race for the demo users.
  workers: Math.min(2, Math.max(1, Math.floor(availableParallelism() / 2))),
  // A budget against hangs, not a speed check: a test that takes 14 s on a slow machine (the
  // notes test, 28 November) must not fail on one that is twice as slow again.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-reports/e2e.json" }]],
  use: {
    baseURL: BASE_URL,
    // A trace is recorded for every test in case it fails, and that cost 40 % of the suite's
    // time here (approaches.spec.ts: 165 s with traces, 94 s without, one worker, 29 November).
    // Ask for one when a failure needs it: E2E_TRACE=1 npm run test:e2e.
    trace: process.env.E2E_TRACE ? "retain-on-failure" : "off",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      testIgnore: /(revocation|timing)\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions: { executablePath, args: CHROMIUM_ARGS } },
    },
    {
      // Signs the demo users out everywhere and changes bob's role: runs alone, after everything else.
      name: "revocation",
      testMatch: /revocation\.spec\.ts/,
      dependencies: ["chromium"],
      use: { ...devices["Desktop Chrome"], launchOptions: { executablePath, args: CHROMIUM_ARGS } },
    },
    {
      // Measures timing: alone, last, on a quiet server.
      name: "timing",
      testMatch: /timing\.spec\.ts/,
      dependencies: ["revocation"],
      use: { ...devices["Desktop Chrome"], launchOptions: { executablePath, args: CHROMIUM_ARGS } },
    },
  ],
  // The production build, as `next start` serves it, on its own database file.
  webServer: {
    command: `node scripts/e2e-server.mjs ${PORT}`,
    url: `${BASE_URL}/api/health`,
    timeout: 600_000, // includes `next build`: about 2 minutes here alone, more beside other work
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
  },
});
