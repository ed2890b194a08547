/** A result, and whether it came from a run started for another caller. */
export interface SharedResult<T> {
  value: T;
  /** False for the caller whose request started the run; true for everyone who got it after. */
  shared: boolean;
}

/**
 * Runs `run` for the first caller and shares it: whoever asks while it runs, or less than
 * `reuseMs` after it finished, gets that same run's result instead of starting another. So
 * however often it is asked for, it runs at most once per `reuseMs` plus its own duration. A
 * run that fails is shared only with those who waited for it; the next caller starts anew.
 * The window is timed on a monotonic clock: a wall clock stepped back would stretch it.
 *
 * @example
 * const report = sharedRun(() => runAttackLab(origin), 30_000);
 * const { value, shared } = await report();
 */
export function sharedRun<T>(run: () => Promise<T>, reuseMs: number, clock: () => number = () => performance.now()): () => Promise<SharedResult<T>> {
  let latest: { finishedAt: number | null; value: Promise<T> } | null = null;

  return async () => {
    const current = latest;
    if (current && (current.finishedAt === null || clock() - current.finishedAt < reuseMs)) {
      return { value: await current.value, shared: true };
    }
    const started: NonNullable<typeof latest> = { finishedAt: null, value: run() };
    latest = started;
    try {
      const value = await started.value;
      started.finishedAt = clock();
      return { value, shared: false };
    } catch (error) {
      if (latest === started) latest = null;
      throw error;
    }
  };
}
