// `npm run bench`: micro benchmarks in this process, then HTTP against the production build.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";
import { SETTING_NAMES } from "@/lib/env";
import { chromiumInstalled } from "../../e2e/support/chromium";
import { redisServerInstalled } from "../../e2e/support/redis-server";
import { onInterrupt } from "./interrupt";

async function benchSecrets() {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const { kty, crv, x, d } = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty, crv, x });
  return {
    JWT_PRIVATE_JWK: JSON.stringify({ kty, crv, x, d, kid }),
    IRON_SESSION_PASSWORD: randomBytes(32).toString("base64url"),
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  };
}

function machine() {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model ?? "unknown", cores: cpus.length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

// 10-connection blocks with the revocation check (see measureServer). Two keep a fresh
// clone's whole run, production build included, under 3 minutes on a slow machine.
const HTTP_BLOCKS = 2;

type Micro = Awaited<ReturnType<typeof import("./micro").runMicro>>;
type Http = Awaited<ReturnType<typeof import("./http").runHttp>>;
type Logins = Awaited<ReturnType<typeof import("./http").runLogins>>;

/** The targets, each checked against this run's numbers. */
function checkTargets(micro: Micro, http: Http, logins: Logins, homeGzipBytes: number) {
  const find = (name: string) => micro.find((row) => row.name.startsWith(name));
  const firstSeen = find("jwt verify, token seen first");
  const hit = find("jwt verify, token seen again");
  const targets = http
    .filter((row) => row.check === "on" && row.ratio !== undefined)
    .map((row) => ({
      target: `${row.target} (revocation on) ≥ 0.95× health, 1 conn.`,
      measured: `${row.ratio}× (+${row.addedMicros} µs; 10 conn.: ${row.loadedRatio}×)`,
      met: (row.ratio ?? 0) >= 0.95,
    }));
  targets.push(
    {
      target: "JWT verify, first sight ≤ 1.6× crypto.verify",
      measured: `${firstSeen?.ratio}× (event loop ${firstSeen?.eventLoopRatio}×)`,
      met: (firstSeen?.ratio ?? Infinity) <= 1.6,
    },
    { target: "JWT verify, cache hit ≤ 5 µs", measured: `${hit?.micros} µs`, met: (hit?.micros ?? Infinity) <= 5 },
    { target: "p99 of /me during 10 logins ≤ 2× idle", measured: `${logins.ratio}×`, met: logins.ratio <= 2 },
    { target: "home page first-load JS ≤ 130 KB gzip", measured: `${(homeGzipBytes / 1024).toFixed(1)} KB`, met: homeGzipBytes <= 130 * 1024 },
  );
  return targets;
}

/**
 * What the bench needs beyond npm packages, as `npm test` does: looked for first, so that a
 * missing one costs one line now, not a stack trace minutes into the run.
 */
function missingTools(): string[] {
  const missing: string[] = [];
  if (!redisServerInstalled()) missing.push("redis-server (apt-get install redis-server)");
  if (!chromiumInstalled()) missing.push("Chromium (apt-get install chromium, or npx playwright install chromium)");
  return missing;
}

/**
 * The bench measures the app's defaults: a setting of the app's in this shell (a REDIS_URL,
 * REVOCATION_CHECK=off, another DEMO_PASSWORD) would change what its rows measure without
 * changing their labels, so it is dropped, and said so. `next start` also reads these files.
 */
function dropShellSettings(): void {
  const dropped = SETTING_NAMES.filter((name) => process.env[name] !== undefined);
  for (const name of dropped) delete process.env[name];
  if (dropped.length > 0) console.log(`bench: measuring the defaults, not this shell's ${dropped.join(", ")}`);
  const envFiles = [".env", ".env.local", ".env.production", ".env.production.local"].filter((file) => fs.existsSync(file));
  if (envFiles.length > 0) console.log(`bench: next start also reads ${envFiles.join(", ")}: the HTTP rows measure what they set`);
}

async function main() {
  const missing = missingTools();
  if (missing.length > 0) throw new Error(`bench: first install ${missing.join(" and ")}`);
  dropShellSettings();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "session-lab-bench-"));
  // The databases of every server the run started, whether it gets to the end or not.
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  const forget = onInterrupt(removeDir);
  try {
    await bench(dir);
  } finally {
    forget();
    removeDir();
  }
}

/** The whole run, its databases in `dir`. */
async function bench(dir: string) {
  // Loaded first so that a bad BENCH_DURATION is refused now, not after the micro section.
  const { RUN_S, ensureBuild, runHttp, runLogins, runPageWeight } = await import("./http");
  const secrets = await benchSecrets();
  Object.assign(process.env, secrets, { DATABASE_PATH: path.join(dir, "bench.db") });

  const started = performance.now();
  const phase = (what: string) => console.log(`bench: ${what} at ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const { runMicro } = await import("./micro");
  const micro = await runMicro();
  phase("micro done");
  console.log("\nMicro: per operation, same process");
  console.table(
    micro.map((r) => ({
      operation: r.name,
      "µs/op": r.micros,
      "event loop µs/op": r.eventLoopMicros,
      "floor µs/op (paired)": r.floorMicros ?? "",
      "× floor": r.ratio ?? "",
      "event loop × floor": r.eventLoopRatio ?? "",
      floor: r.floor ?? "",
    })),
  );

  await ensureBuild();
  phase("production build ready");
  const serverEnv = (name: string) => ({ ...secrets, DATABASE_PATH: path.join(dir, `${name}.db`) });
  // More 10-connection blocks with the revocation check (the app's default) than without it.
  const http = [...(await runHttp("on", serverEnv("on"), HTTP_BLOCKS)), ...(await runHttp("off", serverEnv("off"), 1))];
  console.log(
    `\nHTTP against next start. Autocannon, 10 connections: ${HTTP_BLOCKS} blocks with the revocation check and 1 without, ` +
      `each running every target for ${RUN_S} s forwards then backwards` +
      " (× health: the median of the blocks' ratios). " +
      "Then one connection, the targets taking turns request by request: median latency, what /me adds to health's, " +
      "and the throughput ratio that gives (the one the target checks); and what the responses' Server-Timing says " +
      "the check and the store lookup took inside the server (medians)",
  );
  const spread = (ratios: number[] | undefined) => (ratios?.length ? `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}` : "");
  console.table(
    http.map((r) => ({
      target: r.target,
      "revocation check": r.check,
      "req/s": r.requestsPerSecond,
      "p50 ms": r.p50,
      "p99 ms": r.p99,
      "× health, 10 conn.": r.loadedRatio ?? "",
      "blocks' range": spread(r.blockRatios),
      "1 conn. µs": r.latencyMicros ?? "",
      "µs added": r.addedMicros ?? "",
      "× health, 1 conn.": r.ratio ?? "",
      "inside, µs": Object.entries(r.inServerMicros ?? {})
        .map(([name, micros]) => `${name} ${micros}`)
        .join(", "),
    })),
  );

  phase("http done");
  const logins = await runLogins(serverEnv("logins"));
  console.log("\nLogin: Argon2id on its own hashing threads (nice 19 on Linux), beside /api/jwt/me (idle: the mean of the runs just before and after)");
  console.table([logins]);

  const page = await runPageWeight(serverEnv("page"));
  console.log(`\nHome page: ${page.scripts} scripts, first-load JavaScript ${(page.gzipBytes / 1024).toFixed(1)} KB gzip (${(page.rawBytes / 1024).toFixed(1)} KB raw)`);

  phase("logins and page weight done");
  const targets = checkTargets(micro, http, logins, page.gzipBytes);
  console.log("\nTargets");
  console.table(targets);

  const result = { date: new Date().toISOString(), machine: machine(), micro, http, logins, page, targets };
  fs.mkdirSync("bench-results", { recursive: true });
  fs.writeFileSync("bench-results/latest.json", `${JSON.stringify(result, null, 2)}\n`);
  console.log("\nbench: wrote bench-results/latest.json");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // Messages the bench writes itself start with "bench: " and say all there is (a missing tool,
    // a bad setting, a route that did not answer 200); a library's error keeps its stack.
    console.error(error instanceof Error && error.message.startsWith("bench: ") ? error.message : error);
    process.exit(1);
  },
);
