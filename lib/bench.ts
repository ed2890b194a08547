import "server-only";
import { z } from "zod";
import generated from "./generated/bench.json";

const measured = z.number().nullable();

const approachCostSchema = z.object({
  /** `/api/<approach>/me` with the revocation check on, at 10 connections. */
  requestsPerSecond: measured,
  /** Throughput relative to `/api/health` (no auth) on the same server, requests taking turns on one connection. */
  ratio: measured,
  /** What the check adds to one request's latency, against `/api/health`, in µs. */
  addedMicros: measured,
  /** The credential's check in-process: seen for the first time, and seen again. */
  firstCheckMicros: measured,
  repeatCheckMicros: measured,
});

const benchSummarySchema = z.object({
  date: z.string(),
  machine: z.string(),
  healthRequestsPerSecond: measured,
  approaches: z.object({
    jwt: approachCostSchema,
    cookie: approachCostSchema,
    nextauth: approachCostSchema,
    "server-session": approachCostSchema,
  }),
});

export type ApproachCost = z.infer<typeof approachCostSchema>;
export type BenchSummary = z.infer<typeof benchSummarySchema>;

const summary = benchSummarySchema.nullable().parse(generated);

/**
 * The last `npm run bench` run's numbers per approach, as of the last build, or null
 * when this checkout has never run it. Written by scripts/generate/bench.ts.
 */
export function latestBench(): BenchSummary | null {
  return summary;
}
