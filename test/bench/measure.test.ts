import { describe, expect, it } from "vitest";
import { inTurns, median } from "@/scripts/bench/measure";

describe("median", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe("inTurns", () => {
  const targets = ["health", "jwt", "cookie", "nextauth", "server-session"];
  const sequence = [...inTurns(targets, 400)];

  it("runs every target once per round", () => {
    expect(sequence).toHaveLength(targets.length * 400);
    for (let start = 0; start < sequence.length; start += targets.length) {
      expect(sequence.slice(start, start + targets.length).sort()).toEqual([...targets].sort());
    }
  });

  it("never sends two requests in a row to the same target, across rounds too", () => {
    const repeats = sequence.filter((target, i) => i > 0 && target === sequence[i - 1]);
    expect(repeats).toEqual([]);
  });

  it("lets every target follow every other one", () => {
    const pairs = new Set(sequence.slice(1).map((target, i) => `${sequence[i]}→${target}`));
    expect(pairs.size).toBe(targets.length * (targets.length - 1));
  });

  it("yields a single target round after round", () => {
    expect([...inTurns(["health"], 3)]).toEqual(["health", "health", "health"]);
  });
});
