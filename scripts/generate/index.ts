// `npm run generate`, run before `next dev`, `next build`, `tsc` and the e2e server:
// writes lib/generated/ (git-ignored) from files the app cannot read at request time.
//   patterns.json  the code each approach's page shows, cut from the real source files
//   bench.json     the latest `npm run bench` numbers for /compare, or null
//   routes.json    each route handler's path and the methods it exports, for 405's Allow
import fs from "node:fs";
import path from "node:path";
import { summarizeBench } from "./bench";
import { extractAllPatterns } from "./patterns";
import { routeMethods } from "./routes";

const root = process.cwd();
const out = path.join(root, "lib/generated");

/** Writes only when the content changed, so a running `next dev` does not reload for nothing. */
function write(name: string, value: unknown) {
  const file = path.join(out, name);
  const json = `${JSON.stringify(value, null, 2)}\n`;
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === json) return;
  fs.writeFileSync(file, json);
}

try {
  const patterns = extractAllPatterns(root);
  const bench = summarizeBench(path.join(root, "bench-results/latest.json"));
  const routes = routeMethods(root);
  fs.mkdirSync(out, { recursive: true });
  write("patterns.json", patterns);
  write("bench.json", bench);
  write("routes.json", routes);
  const count = Object.values(patterns).reduce((sum, list) => sum + list.length, 0);
  console.log(`generate: ${count} code patterns, ${routes.filter((route) => route.methods).length} routes' methods, bench numbers ${bench ? `from ${bench.date}` : "not run yet"}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
