import fs from "node:fs";
import { parseEnv } from "node:util";

/**
 * The development secrets the e2e server runs with (scripts/e2e-server.mjs hands them to
 * `next start`, which does not read this file itself): what an attacker must not need, and
 * what every further instance must share with it.
 */
export function devSecrets(): Record<string, string> {
  const found = parseEnv(fs.readFileSync(".env.development.local", "utf8"));
  return Object.fromEntries(Object.entries(found).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
