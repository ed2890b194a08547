// HTTP benchmarks against the production build, with autocannon in this process and
// `next start` in another: throughput and latency of /me per approach, against the
// unauthenticated /api/health in the same run; and what password hashing does to them.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import autocannon from "autocannon";
import { parseServerTiming } from "@/app/components/api/wire";
import { APPROACH_IDS, type ApproachId } from "@/lib/approach-ids";
import { DEMO_PASSWORD, cookieLogin, jwtLogin, nextAuthLogin, serverSessionLogin } from "../../e2e/support/http";
import { freePort } from "../../e2e/support/redis-server";
import { onInterrupt } from "./interrupt";
import { inTurns, median } from "./measure";

// One run of one target at 10 connections, in whole seconds (autocannon ends a run only on a
// second's tick); a block runs each target twice (see measureServer).
// `BENCH_DURATION=5 npm run bench` trades minutes for steadier blocks.
export const RUN_S = runSeconds(process.env.BENCH_DURATION);

function runSeconds(setting: string | undefined): number {
  if (setting === undefined) return 1;
  const seconds = Number(setting);
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`bench: BENCH_DURATION must be a whole number of seconds, 1 or more, not "${setting}"`);
  return seconds;
}

const LOGIN_DURATION_S = 3;
const CONNECTIONS = 10;
const next = path.resolve("node_modules/next/dist/bin/next");

export interface HttpRow {
  target: string;
  check: "on" | "off";
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /**
   * Throughput relative to /api/health on one connection, the targets taking turns request
   * by request (health's median latency over this target's; see latencyTakingTurns): the
   * figure the target is checked against, since it holds still where loadedRatio wanders.
   */
  ratio?: number;
  /** Throughput relative to /api/health at 10 connections: the median of the blocks' ratios, and each block's. */
  loadedRatio?: number;
  blockRatios?: number[];
  /** Median latency on one connection, requests to every target taking turns. */
  latencyMicros?: number;
  /** That latency minus health's: what checking this credential adds to one request. */
  addedMicros?: number;
  /**
   * The same requests' own `Server-Timing` (lib/exchange.ts), median µs per metric: what
   * the credential check (`auth`) and the store lookup (`revocation`) took inside the
   * server, where the micro rows time them in a warm loop.
   */
  inServerMicros?: Record<string, number>;
}

export interface LoginResult {
  loginsPerSecond: number;
  /** /me's p99 just before the sign-ins, just after them (once their queue is empty), and the mean of the two. */
  meP99Before: number;
  meP99After: number;
  meP99Idle: number;
  meP99DuringLogins: number;
  ratio: number;
}

// What the bench's last build was made from, beside the id Next.js gave that build: another
// build into .next (the e2e server's) changes the id, so the record cannot vouch for it.
const BUILT_FROM = ".next/session-lab-bench-source";
const buildId = () => (fs.existsSync(".next/BUILD_ID") ? fs.readFileSync(".next/BUILD_ID", "utf8") : "none");

/**
 * A digest of every file git would commit here, committed or not: what a build was made
 * from. Null outside a git checkout, where the bench builds every time.
 */
function sourceDigest(): string | null {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" });
  if (listed.status !== 0) return null;
  const digest = createHash("sha256");
  for (const file of listed.stdout.split("\0").filter(Boolean).sort()) {
    digest.update(`${file}\0`);
    if (fs.existsSync(file)) digest.update(fs.readFileSync(file));
  }
  return digest.digest("hex");
}

/**
 * Builds the app unless the production build there was made by the bench from this very
 * source: the HTTP rows must measure the code the micro rows run, not an older build.
 */
export async function ensureBuild(): Promise<void> {
  const source = sourceDigest();
  const builtFrom = fs.existsSync(BUILT_FROM) ? fs.readFileSync(BUILT_FROM, "utf8") : null;
  if (source !== null && builtFrom === `${source} ${buildId()}`) return;
  console.log("bench: no production build of this source yet, running next build …");
  const generated = spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/generate/index.ts"], { stdio: "inherit", env: process.env });
  if (generated.status !== 0) throw new Error("npm run generate failed");
  // In its own process group, so that an interrupted bench stops the build and every worker
  // it started at once, rather than waiting for it to finish.
  const build = spawn(process.execPath, [next, "build"], { stdio: "inherit", env: process.env, detached: true });
  const stopBuild = onInterrupt(() => {
    if (build.pid !== undefined) process.kill(-build.pid, "SIGTERM");
  });
  const status = await new Promise<number | null>((resolve, reject) => {
    build.once("error", reject);
    build.once("exit", resolve);
  }).finally(stopBuild);
  if (status !== 0) throw new Error("next build failed");
  if (source !== null) fs.writeFileSync(BUILT_FROM, `${source} ${buildId()}`);
}

async function startServer(env: Record<string, string>): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [next, "start", "-p", String(port)], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXTAUTH_URL: `http://localhost:${port}`, ...env },
    stdio: "ignore",
  });
  const forget = onInterrupt(() => child.kill());
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; ; ) {
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill(); // one that is up but not healthy must not outlive the bench
      throw new Error("bench: the server did not start (next start answered no /api/health within 30 s)");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill())));
  return { url, stop: () => stop().finally(forget) };
}

/** alice's credential for each approach, each from a sign-in that must have worked (the e2e suite's own sign-ins). */
async function credentials(url: string) {
  const jwt = await jwtLogin("alice", url);
  const cookie = await cookieLogin("alice", url);
  const nextauth = await nextAuthLogin("alice", DEMO_PASSWORD, undefined, url);
  const server = await serverSessionLogin("alice", url);
  // A helper's credential is empty, or a name with no value, when the sign-in set none.
  const worked = (what: string, response: Response, credential: string) => {
    if (response.status !== 200 || credential === "" || credential.endsWith("=")) throw new Error(`bench: the ${what} sign-in answered ${response.status} without a session`);
    return credential;
  };
  return {
    jwt: { authorization: `Bearer ${worked("JWT", jwt.response, jwt.token)}` },
    cookie: { cookie: worked("cookie", cookie.response, cookie.cookie) },
    nextauth: { cookie: worked("next-auth", nextauth.response, nextauth.cookie) },
    "server-session": { cookie: worked("server session", server.response, server.cookie) },
  };
}

/**
 * One autocannon run. Throws if any request failed or was not answered 2xx: a refusal or a
 * reset is quick, and timed with the rest it would pass for a fast answer.
 */
async function load(url: string, headers: Record<string, string> = {}, options: Partial<autocannon.Options> = {}): Promise<autocannon.Result> {
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration: RUN_S, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
  const failed = result.non2xx + result.errors; // autocannon counts each timeout as an error too
  if (failed > 0) throw new Error(`bench: ${failed} of ${result.requests.total} requests to ${new URL(url).pathname} failed or were not answered 2xx; their timings would mean nothing`);
  return result;
}

/**
 * /me for each approach against /api/health, on a server with the revocation check
 * `check`, in `blocks` blocks. See {@link measureServer}.
 */
export async function runHttp(check: "on" | "off", baseEnv: Record<string, string>, blocks: number): Promise<HttpRow[]> {
  const server = await startServer({ ...baseEnv, REVOCATION_CHECK: check });
  return measureServer(server.url, check, blocks).finally(() => server.stop());
}

type Target = "health" | ApproachId;
const TARGETS: readonly Target[] = ["health", ...APPROACH_IDS];
const pathOf = (target: Target) => (target === "health" ? "/api/health" : `/api/${target}/me`);
const labelOf = (target: Target) => (target === "health" ? "/api/health (no auth)" : pathOf(target));

const requestsPerSecond = (result: autocannon.Result) => result.requests.total / Math.max(result.duration, 1e-3);

/**
 * Two measurements on one server. First autocannon in blocks: a block runs every target
 * for RUN_S seconds, forwards and then backwards (health, jwt, cookie, nextauth,
 * server-session, server-session, nextauth, cookie, jwt, health), so each target's two runs
 * sit as far from the block's middle as health's two do and a steady drift slows both
 * sides of a ratio alike; each block gives each approach one ratio, the result is their
 * median. Then {@link latencyTakingTurns}, which the targets are checked against.
 */
async function measureServer(url: string, check: "on" | "off", blocks: number): Promise<HttpRow[]> {
  const creds = await credentials(url);
  const headersFor = (target: Target) => (target === "health" ? {} : creds[target]);
  // Warm-up: JIT and route compilation, for every route measured.
  for (const target of TARGETS) await load(`${url}${pathOf(target)}`, headersFor(target), { duration: 1 });

  const runs = new Map<Target, autocannon.Result[]>(TARGETS.map((target) => [target, []]));
  const blockRatios = new Map<Target, number[]>(APPROACH_IDS.map((approach) => [approach, []]));
  for (let block = 0; block < blocks; block++) {
    const rates = new Map<Target, number>();
    for (const target of [...TARGETS, ...[...TARGETS].reverse()]) {
      const result = await load(`${url}${pathOf(target)}`, headersFor(target), { duration: RUN_S });
      runs.get(target)?.push(result);
      rates.set(target, (rates.get(target) ?? 0) + requestsPerSecond(result));
    }
    for (const approach of APPROACH_IDS) blockRatios.get(approach)?.push((rates.get(approach) ?? 0) / (rates.get("health") ?? 1));
  }

  const turns = await latencyTakingTurns(url, headersFor);
  const healthMicros = turns.get("health")?.micros ?? 0;
  return TARGETS.map((target): HttpRow => {
    const results = runs.get(target) ?? [];
    const micros = turns.get(target)?.micros ?? 0;
    const row: HttpRow = {
      target: labelOf(target),
      check,
      requestsPerSecond: Math.round(median(results.map(requestsPerSecond))),
      p50: median(results.map((r) => r.latency.p50)),
      p99: median(results.map((r) => r.latency.p99)),
      latencyMicros: Math.round(micros),
    };
    if (target === "health") return row;
    const ratios = blockRatios.get(target) ?? [];
    return {
      ...row,
      inServerMicros: turns.get(target)?.inServer,
      ratio: Number((healthMicros / micros).toFixed(2)),
      addedMicros: Math.round(micros - healthMicros),
      loadedRatio: Number(median(ratios).toFixed(2)),
      blockRatios: ratios.map((ratio) => Number(ratio.toFixed(3))),
    };
  });
}

const LATENCY_ROUNDS = 700;

/**
 * The median latency of each target on one keep-alive connection, the targets taking
 * turns request by request (each round in a new order, see {@link inTurns}). Requests
 * milliseconds apart see the same machine, so the difference from health holds still where
 * throughput on a shared machine wanders: it is what one request pays for its credential's
 * check. Beside it, the medians of what each response's `Server-Timing` says was spent inside.
 */
async function latencyTakingTurns(
  url: string,
  headersFor: (target: Target) => Record<string, string>,
): Promise<Map<Target, { micros: number; inServer: Record<string, number> }>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const once = (target: Target) =>
    new Promise<{ micros: number; serverTiming: string }>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const request = http.get(`${url}${pathOf(target)}`, { agent, headers: headersFor(target) }, (response) => {
        response.resume();
        response.on("end", () =>
          response.statusCode === 200
            ? resolve({ micros: Number(process.hrtime.bigint() - started) / 1000, serverTiming: String(response.headers["server-timing"] ?? "") })
            : reject(new Error(`bench: ${pathOf(target)} answered ${response.statusCode}`)),
        );
      });
      request.on("error", reject);
    });
  const latencies = new Map<Target, number[]>(TARGETS.map((target) => [target, []]));
  const inServer = new Map<Target, Map<string, number[]>>(TARGETS.map((target) => [target, new Map()]));
  try {
    for (let round = 0; round < 100; round++) for (const target of TARGETS) await once(target); // warm-up
    for (const target of inTurns(TARGETS, LATENCY_ROUNDS)) {
      const { micros, serverTiming } = await once(target);
      latencies.get(target)?.push(micros);
      const metrics = inServer.get(target);
      for (const { name, milliseconds } of parseServerTiming(serverTiming)) {
        const values = metrics?.get(name) ?? [];
        values.push(milliseconds * 1000);
        metrics?.set(name, values);
      }
    }
  } finally {
    agent.destroy();
  }
  return new Map(
    TARGETS.map((target) => [
      target,
      {
        micros: median(latencies.get(target) ?? []),
        inServer: Object.fromEntries([...(inServer.get(target) ?? [])].map(([name, values]) => [name, Math.round(median(values))])),
      },
    ]),
  );
}

/** Starts a server only to weigh its home page. */
export async function runPageWeight(baseEnv: Record<string, string>) {
  const { measureHomePage } = await import("./page");
  const server = await startServer(baseEnv);
  try {
    return await measureHomePage(`${server.url}/`);
  } finally {
    await server.stop();
  }
}

/**
 * Sign-ins per second, and /me's p99 while 10 sign-ins run at once against its idle p99,
 * measured just before and just after (their mean), so that the machine's drift during
 * the run does not pass for the hashing's effect.
 */
export async function runLogins(baseEnv: Record<string, string>): Promise<LoginResult> {
  // Sign-in counts every attempt in flight against the account's limit (5) until its password
  // proves right: 10 at once for bob would be answered 429, without hashing, by design.
  const server = await startServer({ ...baseEnv, LOGIN_MAX_FAILURES_PER_ACCOUNT: "1000" });
  try {
    const creds = await credentials(server.url);
    const body = JSON.stringify({ username: "bob", password: DEMO_PASSWORD });
    const login = { method: "POST" as const, body, headers: { "content-type": "application/json" } };
    const me = (duration = LOGIN_DURATION_S) => load(`${server.url}/api/jwt/me`, creds.jwt, { connections: 4, duration });
    await me(1); // warm-up
    const before = await me();
    const [busy, logins] = await Promise.all([
      me(),
      load(`${server.url}/api/jwt/login`, login.headers, { ...login, connections: 10, duration: LOGIN_DURATION_S }),
    ]);
    // autocannon stops by dropping its connections, not their sign-ins: the server still hashes
    // the ones queued. The queue is first in, first out, so one more sign-in answered means it
    // is empty, and "after" is idle again.
    const last = await fetch(`${server.url}/api/jwt/login`, login);
    if (last.status !== 200) throw new Error(`bench: a sign-in after the run answered ${last.status}`);
    const after = await me();
    const idleP99 = (before.latency.p99 + after.latency.p99) / 2;
    return {
      loginsPerSecond: Math.round(logins.requests.average),
      meP99Before: before.latency.p99,
      meP99After: after.latency.p99,
      meP99Idle: idleP99,
      meP99DuringLogins: busy.latency.p99,
      // autocannon's percentiles are whole milliseconds: below 1 ms an idle p99 reads 0 or 1.
      ratio: Number((busy.latency.p99 / Math.max(idleP99, 1)).toFixed(2)),
    };
  } finally {
    await server.stop();
  }
}
