/** A result, when the run that made it started, and whether this caller started it. */
export interface SharedResult<T> {
  value: T;
  startedAt: number;
  /** False for the caller whose request started the run; true for everyone who got it after. */
  shared: boolean;
}

/**
 * Runs `run` for the first caller and shares it: whoever asks while it runs, or less than
 * `reuseMs` after it finished, gets that same run's result instead of starting another. So
 * however often it is asked for, it runs at most once per `reuseMs` plus its own duration. A
 * run that fails is shared only with those who waited for it; the next caller starts anew.
 *
 * @example
 * const report = sharedRun(() => runAttackLab(origin), 30_000);
 * const { value, startedAt, shared } = await report();
 */
export function sharedRun<T>(run: () => Promise<T>, reuseMs: number, clock: () => number = Date.now): () => Promise<SharedResult<T>> {
  let latest: { startedAt: number; finishedAt: number | null; value: Promise<T> } | null = null;

  return async () => {
    const now = clock();
    const current = latest;
    if (current && (current.finishedAt === null || now - current.finishedAt < reuseMs)) {
      return { value: await current.value, startedAt: current.startedAt, shared: true };
    }
    const started: NonNullable<typeof latest> = { startedAt: now, finishedAt: null, value: run() };
    latest = started;
    try {
      const value = await started.value;
      started.finishedAt = clock();
      return { value, startedAt: now, shared: false };
    } catch (error) {
      if (latest === started) latest = null;
      throw error;
    }
  };
}
