import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { vi } from "vitest";
import type * as Threads from "@/lib/hashing-threads";
import { SignInsBusyError } from "@/lib/errors";

/**
 * While `busy` is set, every password check is refused as busy (a 503), as a full queue would:
 * at once, or when `answered` settles. `asked` counts the checks refused so far.
 */
export const hashing: { busy: boolean; answered?: Promise<unknown>; asked: number } = { busy: false, asked: 0 };

/**
 * The real hashing threads, but refusing checks while {@link hashing}.busy is set.
 *
 * @example
 * vi.mock("@/lib/hashing-threads", async (real) => (await import("./support/hashing")).busyWhenAsked(real));
 */
export async function busyWhenAsked(importOriginal: <T>() => Promise<T>): Promise<typeof Threads> {
  const threads = await importOriginal<typeof Threads>();
  const verifyOnThread: typeof threads.verifyOnThread = async (...args) => {
    if (!hashing.busy) return threads.verifyOnThread(...args);
    hashing.asked++;
    await hashing.answered;
    throw new SignInsBusyError(threads.HASHING_WAIT_LIMIT_MS / 1000);
  };
  return { ...threads, verifyOnThread };
}

/**
 * Runs `work` while every hashing thread fails, for real: the idle ones are stopped, and the
 * new ones start in an empty directory, where they cannot load Argon2 and stop at once
 * (vitest's "forks" pool, vitest.config.ts, lets a test change directory). Returns what
 * `work` returned and the lines logged meanwhile; afterwards, new threads start as usual.
 */
export async function whileHashingFails<T>(work: () => Promise<T>): Promise<{ result: T; logged: string[] }> {
  const pool = (globalThis as { sessionLabHashing?: { threads: Set<Worker> } }).sessionLabHashing;
  await Promise.all([...(pool?.threads ?? [])].map((thread) => thread.terminate()));
  const log = vi.spyOn(console, "error").mockImplementation(() => {});
  const home = process.cwd();
  const empty = mkdtempSync(path.join(tmpdir(), "no-argon2-"));
  process.chdir(empty);
  try {
    const result = await work();
    return { result, logged: log.mock.calls.map((call) => call.join(" ")) };
  } finally {
    process.chdir(home);
    rmSync(empty, { recursive: true });
    log.mockRestore();
  }
}
