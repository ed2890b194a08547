import { describe, expect, it } from "vitest";
import { runBudget } from "@/lib/lab/run-budget";

describe("runBudget", () => {
  it("allows `burst` runs in a row, then says how long until the next", () => {
    const now = 5_000;
    const budget = runBudget(3, 2_000, () => now);
    expect([budget.take(), budget.take(), budget.take()]).toEqual([0, 0, 0]);
    expect(budget.take()).toBe(2_000);
    expect(budget.take()).toBe(2_000); // asking again spends nothing
  });

  it("gives one run back every `everyMs`, and never more than `burst`", () => {
    let now = 0;
    const budget = runBudget(3, 2_000, () => now);
    for (let run = 0; run < 3; run++) budget.take();
    now += 500;
    expect(budget.take()).toBe(1_500);
    now += 1_500;
    expect(budget.take()).toBe(0);
    expect(budget.take()).toBe(2_000);

    now += 60_000; // a long quiet spell refills the burst, no more
    expect([budget.take(), budget.take(), budget.take()]).toEqual([0, 0, 0]);
    expect(budget.take()).toBe(2_000);
  });

  it("runs at most burst + elapsed / everyMs times, however often it is asked", () => {
    let now = 0;
    const budget = runBudget(20, 2_000, () => now);
    let ran = 0;
    for (; now <= 60_000; now += 10) if (budget.take() === 0) ran++;
    expect(ran).toBe(20 + 30);
  });
});
