import type * as Threads from "@/lib/hashing-threads";
import { SignInsBusyError } from "@/lib/errors";

/** Set `busy` in a test to have every password check refused as busy (a 503), as a full queue would. */
export const hashing = { busy: false };

/**
 * The real hashing threads, but refusing checks while {@link hashing}.busy is set.
 *
 * @example
 * vi.mock("@/lib/hashing-threads", async (real) => (await import("./support/hashing")).busyWhenAsked(real));
 */
export async function busyWhenAsked(importOriginal: <T>() => Promise<T>): Promise<typeof Threads> {
  const threads = await importOriginal<typeof Threads>();
  const verifyOnThread: typeof threads.verifyOnThread = (...args) =>
    hashing.busy ? Promise.reject(new SignInsBusyError(10)) : threads.verifyOnThread(...args);
  return { ...threads, verifyOnThread };
}
