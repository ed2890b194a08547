const UNITS: readonly [size: number, unit: string][] = [
  [86_400, "day"],
  [3600, "hour"],
  [60, "minute"],
];

/** The largest unit that divides `seconds` exactly, and how many of it. */
function inUnits(seconds: number): [amount: number, unit: string] {
  const [size, unit] = UNITS.find(([size]) => seconds % size === 0) ?? [1, "second"];
  return [seconds / size, unit];
}

const plural = (amount: number, unit: string) => `${amount} ${unit}${amount === 1 ? "" : "s"}`;

/**
 * A lifetime as the pages say it, from the setting itself rather than typed beside it: in
 * the largest unit that divides it exactly, so 5,400 s reads "90 minutes", never a rounded
 * "2 hours".
 *
 * @example
 * describeDuration(28_800); // "8 hours"
 * describeDuration(10); // "10 seconds"
 */
export function describeDuration(seconds: number): string {
  return plural(...inUnits(seconds));
}

/**
 * Two lifetimes as one span: "25 to 30 minutes", or "90 seconds to 2 minutes" when no one
 * unit fits both.
 *
 * @example
 * describeDurationRange(1500, 1800); // "25 to 30 minutes"
 */
export function describeDurationRange(from: number, to: number): string {
  const [fromAmount, fromUnit] = inUnits(from);
  const [toAmount, toUnit] = inUnits(to);
  if (fromUnit === toUnit) return `${fromAmount} to ${plural(toAmount, toUnit)}`;
  return `${describeDuration(from)} to ${describeDuration(to)}`;
}
