// The latest `npm run bench` numbers, boiled down to what /compare shows per approach.
import fs from "node:fs";
import { z } from "zod";
import type { ApproachCost, BenchSummary } from "../../lib/bench";

// Only the fields read below: bench-results/latest.json may gain others.
const latestSchema = z.object({
  date: z.string(),
  machine: z.object({ cpu: z.string(), cores: z.number(), node: z.string() }),
  micro: z.array(z.object({ name: z.string(), micros: z.number() })),
  http: z.array(
    z.object({
      target: z.string(),
      check: z.enum(["on", "off"]),
      requestsPerSecond: z.number(),
      ratio: z.number().optional(),
      addedMicros: z.number().optional(),
    }),
  ),
});

// The bench's operation names (scripts/bench/micro.ts) for each approach's check.
const CHECKS = {
  jwt: ["jwt verify, token seen first", "jwt verify, token seen again"],
  cookie: ["iron-session unseal, seal seen first", "iron-session unseal, seen again"],
  nextauth: ["next-auth decode (JWE), library", "next-auth decode, seen again"],
  "server-session": ["server session lookup (sqlite)", "server session lookup (sqlite)"],
} as const;

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Reads `file` (bench-results/latest.json). No file: null, since a fresh clone has not
 * run the bench. A file of another shape: null with a warning, so an old result never
 * breaks a build.
 */
export function summarizeBench(file: string): BenchSummary | null {
  if (!fs.existsSync(file)) return null;
  const parsed = latestSchema.safeParse(readJson(file));
  if (!parsed.success) {
    console.warn(`generate: ${file} is not a bench result this version understands; /compare will ask for a new run.`);
    return null;
  }
  const { date, machine, micro, http } = parsed.data;
  const row = (target: string) => http.find((r) => r.check === "on" && r.target.startsWith(target));
  const micros = (prefix: string) => micro.find((r) => r.name.startsWith(prefix))?.micros ?? null;
  const cost = (id: keyof typeof CHECKS): ApproachCost => {
    const me = row(`/api/${id}/me`);
    const [first, repeat] = CHECKS[id];
    return {
      requestsPerSecond: me?.requestsPerSecond ?? null,
      ratio: me?.ratio ?? null,
      addedMicros: me?.addedMicros ?? null,
      firstCheckMicros: micros(first),
      repeatCheckMicros: micros(repeat),
    };
  };
  return {
    date,
    machine: `${machine.cores} cores (${machine.cpu.trim()}), Node ${machine.node}`,
    healthRequestsPerSecond: row("/api/health")?.requestsPerSecond ?? null,
    approaches: { jwt: cost("jwt"), cookie: cost("cookie"), nextauth: cost("nextauth"), "server-session": cost("server-session") },
  };
}
