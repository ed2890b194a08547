import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { getPriority, tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** A pool of hashing threads of its own, none started yet (an earlier pool's threads stay, idle). */
async function freshPool() {
  delete (globalThis as { sessionLabHashing?: unknown }).sessionLabHashing; // the pool outlives module reloads
  vi.resetModules();
  return import("@/lib/hashing-threads");
}

/** Runs `work` in an empty directory, where the hashing threads cannot find Argon2 and stop as they start. */
async function whereArgon2IsMissing<T>(work: () => Promise<T>): Promise<T> {
  const home = process.cwd();
  const empty = mkdtempSync(path.join(tmpdir(), "no-argon2-"));
  process.chdir(empty); // works in vitest's "forks" pool (vitest.config.ts), not in its worker threads
  try {
    return await work();
  } finally {
    process.chdir(home);
    rmSync(empty, { recursive: true });
  }
}

/** How many of this process's threads run at nice 19, from /proc/self/task/<tid>/stat (Linux). */
function threadsAtLowestPriority(): number {
  return readdirSync("/proc/self/task").filter((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16] === "19"; // field 19, nice
  }).length;
}

describe("hashing threads", () => {
  it("hash on their bound of threads, and leave the process's priority alone", async () => {
    const { HASHING_THREADS, hashOnThread, verifyOnThread } = await freshPool();
    const mine = getPriority();
    const stored = await hashOnThread("pw", ARGON2ID);
    const checks = Array.from({ length: HASHING_THREADS + 2 }, (_, i) => verifyOnThread(stored, i % 2 ? "pw" : "nope"));
    expect(await Promise.all(checks)).toEqual(Array.from({ length: HASHING_THREADS + 2 }, (_, i) => i % 2 === 1));
    expect(getPriority()).toBe(mine);
  });

  // Threads are counted through /proc: Linux only, and reported as skipped elsewhere.
  it.runIf(process.platform === "linux")("run at the lowest priority (nice 19) on Linux", async () => {
    expect(getPriority(), "the tests must run above nice 19, or the threads cannot be told apart").toBeLessThan(19);
    const { HASHING_THREADS, hashOnThread, verifyOnThread } = await freshPool();
    const before = threadsAtLowestPriority();
    const stored = await hashOnThread("pw", ARGON2ID);
    await Promise.all(Array.from({ length: HASHING_THREADS + 2 }, () => verifyOnThread(stored, "pw")));
    expect(threadsAtLowestPriority() - before).toBe(HASHING_THREADS);
  });

  it("answer a malformed hash as a mismatch", async () => {
    const { verifyOnThread } = await freshPool();
    expect(await verifyOnThread("not-a-hash", "pw")).toBe(false);
  });

  it("fail the jobs of a thread that stops, log its kind and code only, and start new threads for the next", async () => {
    const { hashOnThread } = await freshPool();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    await whereArgon2IsMissing(async () => {
      const jobs = ["one", "two", "three"].map((password) => hashOnThread(`secret-${password}`, ARGON2ID));
      for (const job of jobs) await expect(job).rejects.toThrow("The hashing thread stopped");
    });
    expect(new Set(logged.mock.calls.flat())).toEqual(new Set(["[session-lab] unexpected Error (MODULE_NOT_FOUND) in a hashing thread"]));
    logged.mockRestore();
    expect(await hashOnThread("secret-password", ARGON2ID)).toMatch(/^\$argon2id\$/);
  });

  it("stop the server at start, saying why, when they cannot hash", async () => {
    const { checkHashingThreads } = await freshPool();
    await expect(checkHashingThreads()).resolves.toBeUndefined();
    const again = await freshPool();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await whereArgon2IsMissing(async () => {
        await expect(again.checkHashingThreads()).rejects.toThrow(
          expect.objectContaining({ name: "ConfigError", message: expect.stringContaining(`cannot load @node-rs/argon2 from the working directory (${process.cwd()})`) }),
        );
      });
    } finally {
      logged.mockRestore();
    }
  });

  it("fail, never leave waiting, the sign-ins queued behind a thread that stops when no new one can start", async () => {
    let startable = Number.POSITIVE_INFINITY;
    vi.doMock("node:worker_threads", async (importOriginal) => {
      const real = await importOriginal<typeof import("node:worker_threads")>();
      class RunsOutOfThreads extends real.Worker {
        constructor(...args: ConstructorParameters<typeof real.Worker>) {
          if (startable-- <= 0) throw new Error("no more threads");
          super(...args);
        }
      }
      return { ...real, Worker: RunsOutOfThreads };
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { HASHING_THREADS, hashOnThread } = await freshPool();
      startable = HASHING_THREADS; // each starts, and stops for want of Argon2; the next cannot start
      const outcomes = await whereArgon2IsMissing(() =>
        Promise.allSettled(Array.from({ length: HASHING_THREADS + 2 }, () => hashOnThread("pw", ARGON2ID))),
      );
      expect(outcomes.map((outcome) => outcome.status === "rejected" && String(outcome.reason))).toEqual([
        ...Array.from({ length: HASHING_THREADS }, () => "HashingFailedError: The hashing thread stopped"),
        "HashingFailedError: No hashing thread could start",
        "HashingFailedError: No hashing thread could start",
      ]);
      expect(logged.mock.calls.flat().filter((line) => line.includes("while starting"))).toEqual([
        "[session-lab] unexpected Error while starting a hashing thread",
        "[session-lab] unexpected Error while starting a hashing thread",
      ]);
    } finally {
      vi.doUnmock("node:worker_threads");
      logged.mockRestore();
    }
  });

  it("answer a sign-in that waited its limit for a thread as busy, and take it out of the queue", async () => {
    vi.doMock("node:worker_threads", async (importOriginal) => {
      const real = await importOriginal<typeof import("node:worker_threads")>();
      class NeverAnswers extends real.Worker {
        constructor() {
          super(`require("node:worker_threads").parentPort.on("message", () => {});`, { eval: true });
        }
      }
      return { ...real, Worker: NeverAnswers };
    });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const { HASHING_THREADS, HASHING_WAIT_LIMIT_MS, verifyOnThread } = await freshPool();
      const { SignInsBusyError } = await import("@/lib/errors");
      const pool = (globalThis as unknown as { sessionLabHashing: { threads: Set<{ terminate(): Promise<number> }>; waiting: unknown[] } }).sessionLabHashing;
      const outcome = (job: Promise<boolean>) =>
        job.then(String, (error: unknown) => (error instanceof SignInsBusyError ? `busy, retry after ${error.retryAfterSeconds} s` : String(error)));
      const stillPending = (job: Promise<string>) => Promise.race([job, new Promise((resolve) => setImmediate(resolve, "pending"))]);

      const running = Array.from({ length: HASHING_THREADS }, () => outcome(verifyOnThread("hash", "pw")));
      const first = outcome(verifyOnThread("hash", "pw"));
      await vi.advanceTimersByTimeAsync(HASHING_WAIT_LIMIT_MS / 2);
      const second = outcome(verifyOnThread("hash", "pw"));
      await vi.advanceTimersByTimeAsync(HASHING_WAIT_LIMIT_MS / 2 - 1);
      expect([await stillPending(first), pool.waiting.length]).toEqual(["pending", 2]);
      await vi.advanceTimersByTimeAsync(1);
      expect([await first, pool.waiting.length]).toEqual([`busy, retry after ${HASHING_WAIT_LIMIT_MS / 1000} s`, 1]);

      await pool.threads.values().next().value?.terminate(); // its job fails; the second in the queue gets a new thread
      await vi.waitFor(() => expect(pool.waiting).toHaveLength(0));
      await vi.advanceTimersByTimeAsync(HASHING_WAIT_LIMIT_MS); // past the second's limit: it runs, so it is not busy
      expect(await stillPending(second)).toBe("pending");
      await Promise.all([...pool.threads].map((thread) => thread.terminate()));
      expect(await Promise.all([...running, second])).toEqual(Array.from({ length: HASHING_THREADS + 1 }, () => "HashingFailedError: The hashing thread stopped"));
    } finally {
      vi.useRealTimers();
      vi.doUnmock("node:worker_threads");
    }
  });
});
