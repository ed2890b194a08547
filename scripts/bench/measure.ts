import { performance } from "node:perf_hooks";

export interface Measurement {
  name: string;
  /** Median time per operation across rounds, in microseconds. */
  micros: number;
  opsPerSecond: number;
  /**
   * Median time per operation during which the event loop was busy, in microseconds:
   * all of it for synchronous work, only the JavaScript around it for work that Node
   * hands to its thread pool (Web Crypto), during which the loop serves other requests.
   */
  eventLoopMicros: number;
}

const WARM_UP_MS = 150;
const ROUND_MS = 100;
const ROUNDS = 7;
// Compared operations alternate in shorter rounds, so that both see the same machine.
const PAIRED_ROUND_MS = 40;
const PAIRED_ROUNDS = 16;
/**
 * How long {@link compare} spends calling the measured operation (warm-up and its rounds),
 * and how many calls a round can run past its deadline: what sizing a supply of
 * single-use inputs needs.
 */
export const COMPARED_OPERATION_MS = WARM_UP_MS + PAIRED_ROUNDS * PAIRED_ROUND_MS;
export const COMPARED_OVERRUN_CALLS = (PAIRED_ROUNDS + 1) * 16;

/** The middle value, or the mean of the two middle ones; NaN for no values. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? Number.NaN;
  return ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/**
 * `rounds` rounds of every target once, each round in a fresh random order that never
 * starts with the target the last one ended on (unless there is only one). A request right after one to the same
 * route finds that route's code still in the CPU's caches and runs faster (measured here:
 * health by about 40 µs of 1.5 ms). With one fixed order reversed every round, the targets
 * at its two ends got that turn in half their rounds and the ones between never did.
 */
export function* inTurns<T>(targets: readonly T[], rounds: number): Generator<T> {
  let previous: T | undefined;
  for (let n = 0; n < rounds; n++) {
    const order = [...targets];
    do {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [order[i], order[j]] = [order[j] as T, order[i] as T];
      }
    } while (order.length > 1 && order[0] === previous);
    yield* order;
    previous = order.at(-1);
  }
}

interface Round {
  micros: number;
  eventLoopMicros: number;
}

/** As many calls of `operation` as fit in `milliseconds`: time per call, and the event loop's share of it. */
async function round(operation: () => unknown, milliseconds: number): Promise<Round> {
  let calls = 0;
  const loop = performance.eventLoopUtilization();
  const started = performance.now();
  const deadline = started + milliseconds;
  do {
    for (let i = 0; i < 16; i++) await operation();
    calls += 16;
  } while (performance.now() < deadline);
  const elapsed = performance.now() - started;
  const { active } = performance.eventLoopUtilization(loop);
  return { micros: (elapsed * 1000) / calls, eventLoopMicros: (active * 1000) / calls };
}

async function warmUp(operation: () => unknown): Promise<void> {
  const until = performance.now() + WARM_UP_MS;
  while (performance.now() < until) await operation();
}

function summarize(name: string, rounds: Round[]): Measurement {
  const micros = median(rounds.map((r) => r.micros));
  return {
    name,
    micros: Number(micros.toFixed(2)),
    opsPerSecond: Math.round(1e6 / micros),
    eventLoopMicros: Number(median(rounds.map((r) => r.eventLoopMicros)).toFixed(2)),
  };
}

/**
 * Times `operation`: a warm-up, then several rounds of as many calls as fit in a
 * fixed slice of time, and the median of the rounds' per-call times (robust to a
 * garbage collection or a neighbour stealing the CPU during one round).
 */
export async function measure(name: string, operation: () => unknown): Promise<Measurement> {
  await warmUp(operation);
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await round(operation, ROUND_MS));
  return summarize(name, rounds);
}

export interface Comparison {
  measurement: Measurement;
  /**
   * The floor's median time per call in the same paired rounds: what `ratio` divides by,
   * which the floor's own row (measured earlier, alone) need not equal.
   */
  floorMicros: number;
  /** Median over adjacent round pairs of the operation's time over the floor's. */
  ratio: number;
  /** The same, for the time the event loop was busy. */
  eventLoopRatio: number;
}

/**
 * Times `operation` against `floor` in alternating rounds (A B B A …), and takes the
 * median of the ratio of each adjacent pair. On a shared machine whose speed drifts
 * from one second to the next, two medians measured a second apart can differ by more
 * than the effect being measured; a pair of rounds 40 ms apart sees the same machine.
 *
 * @example
 * const { ratio } = await compare("jwt verify", () => verify(token), floor);
 */
export async function compare(name: string, operation: () => unknown, floor: () => unknown): Promise<Comparison> {
  await warmUp(floor);
  await warmUp(operation);
  const pairs: { measured: Round; floor: Round }[] = [];
  for (let i = 0; i < PAIRED_ROUNDS; i++) {
    if (i % 2 === 0) {
      const floorRound = await round(floor, PAIRED_ROUND_MS);
      pairs.push({ floor: floorRound, measured: await round(operation, PAIRED_ROUND_MS) });
    } else {
      const measured = await round(operation, PAIRED_ROUND_MS);
      pairs.push({ measured, floor: await round(floor, PAIRED_ROUND_MS) });
    }
  }
  return {
    measurement: summarize(name, pairs.map((pair) => pair.measured)),
    floorMicros: summarize("floor", pairs.map((pair) => pair.floor)).micros,
    ratio: Number(median(pairs.map((p) => p.measured.micros / p.floor.micros)).toFixed(2)),
    eventLoopRatio: Number(median(pairs.map((p) => p.measured.eventLoopMicros / p.floor.eventLoopMicros)).toFixed(2)),
  };
}
