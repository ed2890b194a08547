/**
 * How often something costly that anyone may ask for can run: up to `burst` times in a row,
 * then once more every `everyMs` (a token bucket). `take()` spends one run and answers 0, or
 * spends nothing and answers how many ms until one is back. Timed on a monotonic clock: a
 * wall clock stepped back would stop the refill.
 *
 * @example
 * const budget = runBudget(20, 2_000);
 * const waitMs = budget.take();
 * if (waitMs > 0) throw new TooManyRequestsError(Math.ceil(waitMs / 1000), "…");
 */
export function runBudget(burst: number, everyMs: number, clock: () => number = () => performance.now()): { take(): number } {
  let runs = burst;
  let countedAt = clock();

  return {
    take() {
      const now = clock();
      runs = Math.min(burst, runs + (now - countedAt) / everyMs);
      countedAt = now;
      if (runs >= 1) {
        runs -= 1;
        return 0;
      }
      return Math.ceil((1 - runs) * everyMs);
    },
  };
}
