import { existsSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism, getPriority } from "node:os";
import { describe, expect, it, vi } from "vitest";

const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** A pool of hashing threads of its own, none started yet. */
async function freshPool() {
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
  it("hash on at most all cores but one, at the lowest priority, and leave the process's alone", async () => {
    const { hashOnThread, verifyOnThread } = await freshPool();
    const linux = existsSync("/proc/thread-self"); // the priority is set by Linux thread id only
    const before = linux ? threadsAtLowestPriority() : 0; // another pool's, in this process
    const stored = await hashOnThread("pw", ARGON2ID);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => verifyOnThread(stored, i % 2 ? "pw" : "nope")));
    expect(results).toEqual([false, true, false, true, false, true]);
    expect(getPriority()).toBe(0);
    if (!linux) return;
    const started = threadsAtLowestPriority() - before;
    expect(started).toBeGreaterThanOrEqual(1);
    expect(started).toBeLessThanOrEqual(Math.max(1, availableParallelism() - 1));
  });

  it("answers a malformed hash as a mismatch", async () => {
    const { verifyOnThread } = await freshPool();
    expect(await verifyOnThread("not-a-hash", "pw")).toBe(false);
  });

  it("fails a job whose thread stops, logs its kind only, and starts a new thread for the next", async () => {
    const { hashOnThread } = await freshPool();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const home = process.cwd();
    process.chdir("/"); // where Argon2 cannot be found: the thread stops as it starts
    try {
      await expect(hashOnThread("secret-password", ARGON2ID)).rejects.toThrow("The hashing thread stopped");
    } finally {
      process.chdir(home);
    }
    expect(logged.mock.calls).toEqual([["[session-lab] unexpected Error in a hashing thread"]]);
    logged.mockRestore();
    expect(await hashOnThread("secret-password", ARGON2ID)).toMatch(/^\$argon2id\$/);
  });
});
