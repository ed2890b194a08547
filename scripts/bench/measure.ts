import { performance } from "node:perf_hooks";

export interface Measurement {
  name: string;
  /** Median time per operation across rounds, in microseconds. */
  micros: number;
  opsPerSecond: number;
}

const WARM_UP_MS = 150;
const ROUND_MS = 120;
const ROUNDS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * Times `operation`: a warm-up, then several rounds of as many calls as fit in a
 * fixed slice of time, and the median of the rounds' per-call times (robust to a
 * garbage collection or a neighbour stealing the CPU during one round).
 */
export async function measure(name: string, operation: () => unknown): Promise<Measurement> {
  const until = performance.now() + WARM_UP_MS;
  while (performance.now() < until) await operation();

  const perCall: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let calls = 0;
    const started = performance.now();
    const deadline = started + ROUND_MS;
    do {
      for (let i = 0; i < 16; i++) await operation();
      calls += 16;
    } while (performance.now() < deadline);
    perCall.push(((performance.now() - started) * 1000) / calls);
  }
  const micros = median(perCall);
  return { name, micros: Number(micros.toFixed(2)), opsPerSecond: Math.round(1e6 / micros) };
}
