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
