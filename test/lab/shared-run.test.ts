import { describe, expect, it } from "vitest";
import { sharedRun } from "@/lib/lab/shared-run";

const REUSE_MS = 30_000;

/** A run the test finishes by hand, counting how many were started. */
function runs() {
  const finishers: { resolve: (value: number) => void; reject: (error: Error) => void }[] = [];
  const run = () => new Promise<number>((resolve, reject) => finishers.push({ resolve, reject }));
  return { run, started: () => finishers.length, finish: (i: number, value: number) => finishers[i]!.resolve(value), fail: (i: number) => finishers[i]!.reject(new Error(`run ${i} failed`)) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("sharedRun", () => {
  it("gives callers who ask while it runs the same run, and starts no other", async () => {
    let now = 1_000;
    const { run, started, finish } = runs();
    const ask = sharedRun(run, REUSE_MS, () => now);
    const first = ask();
    now += 60_000; // longer than the reuse window, but the run has not finished: still shared
    const second = ask();
    await tick();
    expect(started()).toBe(1);
    finish(0, 42);
    expect(await first).toEqual({ value: 42, shared: false });
    expect(await second).toEqual({ value: 42, shared: true });
  });

  it("shares a finished run until reuseMs after it finished, then runs again", async () => {
    let now = 1_000;
    const { run, started, finish } = runs();
    const ask = sharedRun(run, REUSE_MS, () => now);
    const first = ask();
    await tick();
    now = 5_000; // the run took 4 s
    finish(0, 1);
    await first;

    now = 5_000 + REUSE_MS - 1;
    expect(await ask()).toEqual({ value: 1, shared: true });
    expect(started()).toBe(1);

    now = 5_000 + REUSE_MS;
    const fresh = ask();
    await tick();
    expect(started()).toBe(2);
    finish(1, 2);
    expect(await fresh).toEqual({ value: 2, shared: false });
  });

  it("shares a failed run only with those who waited for it; the next caller starts anew", async () => {
    const now = 1_000;
    const { run, started, fail, finish } = runs();
    const ask = sharedRun(run, REUSE_MS, () => now);
    const first = ask();
    const waiting = ask();
    await tick();
    fail(0);
    await expect(first).rejects.toThrow("run 0 failed");
    await expect(waiting).rejects.toThrow("run 0 failed");

    const retry = ask();
    await tick();
    expect(started()).toBe(2);
    finish(1, 7);
    expect(await retry).toMatchObject({ value: 7, shared: false });
  });
});
