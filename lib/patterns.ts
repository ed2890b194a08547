import "server-only";
import { z } from "zod";
import { APPROACH_IDS } from "./approach-ids";
import generated from "./generated/patterns.json";

const patternSchema = z.object({
  id: z.string(),
  title: z.string(),
  note: z.string(),
  path: z.string(),
  startLine: z.number().int().positive(),
  endLine: z.number().int().positive(),
  code: z.string(),
});

export type CodePattern = z.infer<typeof patternSchema>;

// Checked once: a generated file from an older version of the generator fails here, by name.
const patterns = z.record(z.enum(APPROACH_IDS), z.array(patternSchema)).parse(generated);

/**
 * The code an approach's page shows under "Copy this pattern", cut from the real source
 * files at build time by scripts/generate/patterns.ts.
 *
 * @example
 * const patterns = patternsFor("jwt"); // [{ title: "The guard", path: "lib/auth/jwt/guard.ts", startLine: 27, … }, …]
 */
export function patternsFor(approach: (typeof APPROACH_IDS)[number]): readonly CodePattern[] {
  return patterns[approach];
}
