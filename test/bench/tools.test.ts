import { afterEach, describe, expect, it } from "vitest";
import { chromiumInstalled } from "@/e2e/support/chromium";
import { redisServerInstalled } from "@/e2e/support/redis-server";

// What `npm run bench` looks for before it starts (scripts/bench/index.ts).
describe("the bench's tools", () => {
  const saved = { PATH: process.env.PATH, CHROMIUM_PATH: process.env.CHROMIUM_PATH };
  afterEach(() => {
    process.env.PATH = saved.PATH;
    if (saved.CHROMIUM_PATH === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved.CHROMIUM_PATH;
  });

  it("finds redis-server on the PATH, and not when the PATH has none", () => {
    expect(redisServerInstalled()).toBe(true); // the unit tests start real ones
    process.env.PATH = "/nonexistent";
    expect(redisServerInstalled()).toBe(false);
  });

  it("takes CHROMIUM_PATH at its word: a browser only where the file is", () => {
    process.env.CHROMIUM_PATH = "/nonexistent/chromium";
    expect(chromiumInstalled()).toBe(false);
    process.env.CHROMIUM_PATH = process.execPath; // any file that exists
    expect(chromiumInstalled()).toBe(true);
  });
});
