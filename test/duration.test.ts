import { describe, expect, it } from "vitest";
import { describeDuration, describeDurationRange } from "@/lib/duration";

describe("describeDuration", () => {
  it.each([
    [2_592_000, "30 days"],
    [86_400, "1 day"],
    [90_000, "25 hours"],
    [28_800, "8 hours"],
    [3600, "1 hour"],
    [1800, "30 minutes"],
    [5400, "90 minutes"],
    [60, "1 minute"],
    [10, "10 seconds"],
    [1, "1 second"],
    [90, "90 seconds"],
  ])("says %d s as %j, in the largest unit that divides it", (seconds, said) => {
    expect(describeDuration(seconds)).toBe(said);
  });
});

describe("describeDurationRange", () => {
  it("names the unit once when both ends share it", () => {
    expect(describeDurationRange(1500, 1800)).toBe("25 to 30 minutes");
    expect(describeDurationRange(3600, 7200)).toBe("1 to 2 hours");
  });

  it("names both units when they differ", () => {
    expect(describeDurationRange(90, 120)).toBe("90 seconds to 2 minutes");
    expect(describeDurationRange(1800, 3600)).toBe("30 minutes to 1 hour");
  });
});
