/**
 * The four approaches, in the order the app shows them: the one list the pages, the labs,
 * the code patterns and the benchmark go by. Plain data, so client components import it too.
 */
export const APPROACH_IDS = ["jwt", "cookie", "nextauth", "server-session"] as const;

export type ApproachId = (typeof APPROACH_IDS)[number];

export const isApproachId = (value: unknown): value is ApproachId => APPROACH_IDS.some((id) => id === value);
