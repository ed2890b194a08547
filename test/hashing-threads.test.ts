import { readdirSync, readFileSync } from "node:fs";
import { getPriority } from "node:os";
import { describe, expect, it, vi } from "vitest";

const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** A pool of hashing threads of its own, none started yet (an earlier pool's threads stay, idle). */
async function freshPool() {
  delete (globalThis as { sessionLabHashing?: unknown }).sessionLabHashing; // the pool outlives module reloads
  vi.resetModules();
  return import("@/lib/hashing-threads");
}

/** How many of this process's threads run at nice 19, from /proc/self/task/<tid>/stat (Linux). */
function threadsAtLowestPriority(): number {
  return readdirSync("/proc/self/task").filter((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16] === "19"; // field 19, nice
  }).length;
}

describe("hashing threads", () => {
  it("hash on their bound of threads, at the lowest priority on Linux, and leave the process's alone", async () => {
    const { HASHING_THREADS, hashOnThread, verifyOnThread } = await freshPool();
    const mine = getPriority();
    const linux = process.platform === "linux";
    const before = linux ? threadsAtLowestPriority() : 0;
    const stored = await hashOnThread("pw", ARGON2ID);
    const checks = Array.from({ length: HASHING_THREADS + 2 }, (_, i) => verifyOnThread(stored, i % 2 ? "pw" : "nope"));
    expect(await Promise.all(checks)).toEqual(Array.from({ length: HASHING_THREADS + 2 }, (_, i) => i % 2 === 1));
    expect(getPriority()).toBe(mine);
    if (mine === 19 || !linux) return; // a runner already at nice 19 cannot tell its threads apart
    expect(threadsAtLowestPriority() - before).toBe(HASHING_THREADS);
  });

  it("answers a malformed hash as a mismatch", async () => {
    const { verifyOnThread } = await freshPool();
    expect(await verifyOnThread("not-a-hash", "pw")).toBe(false);
  });

  // process.chdir works in vitest's "forks" pool (vitest.config.ts), not in its worker threads.
  it("fails the jobs of a thread that stops, logs its kind only, and starts new threads for the next", async () => {
    const { hashOnThread } = await freshPool();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const home = process.cwd();
    process.chdir("/"); // where Argon2 cannot be found: each thread stops as it starts
    try {
      const jobs = ["one", "two", "three"].map((password) => hashOnThread(`secret-${password}`, ARGON2ID));
      for (const job of jobs) await expect(job).rejects.toThrow("The hashing thread stopped");
    } finally {
      process.chdir(home);
    }
    expect(new Set(logged.mock.calls.flat())).toEqual(new Set(["[session-lab] unexpected Error (MODULE_NOT_FOUND) in a hashing thread"]));
    logged.mockRestore();
    expect(await hashOnThread("secret-password", ARGON2ID)).toMatch(/^\$argon2id\$/);
  });

  it("stop the server at start, saying why, when they cannot hash", async () => {
    const { checkHashingThreads } = await freshPool();
    await expect(checkHashingThreads()).resolves.toBeUndefined();
    const again = await freshPool();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const home = process.cwd();
    process.chdir("/");
    try {
      await expect(again.checkHashingThreads()).rejects.toThrow(
        expect.objectContaining({ name: "ConfigError", message: expect.stringContaining("cannot load @node-rs/argon2 from the working directory (/)") }),
      );
    } finally {
      process.chdir(home);
      logged.mockRestore();
    }
  });
});
