// HTTP benchmarks against the production build, with autocannon in this process and
// `next start` in another: throughput and latency of /me per approach, against the
// unauthenticated /api/health in the same run; and what password hashing does to them.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { freePort } from "../../e2e/support/redis-server";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 2);
const LOGIN_DURATION_S = 4;
const CONNECTIONS = 10;
const PASSWORD = "correct-horse-battery-staple";
const next = path.resolve("node_modules/next/dist/bin/next");

export interface HttpRow {
  target: string;
  check: "on" | "off";
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Throughput relative to /api/health in the same server. */
  ratio?: number;
  non2xx: number;
}

export interface LoginResult {
  loginsPerSecond: number;
  meP99Idle: number;
  meP99DuringLogins: number;
  ratio: number;
}

/** Builds the app unless a production build is already there. */
export function ensureBuild(): void {
  if (fs.existsSync(".next/BUILD_ID")) return;
  console.log("bench: no production build yet, running next build …");
  const generated = spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/generate/index.ts"], { stdio: "inherit", env: process.env });
  if (generated.status !== 0) throw new Error("npm run generate failed");
  const { status } = spawnSync(process.execPath, [next, "build"], { stdio: "inherit", env: process.env });
  if (status !== 0) throw new Error("next build failed");
}

async function startServer(env: Record<string, string>): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [next, "start", "-p", String(port)], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXTAUTH_URL: `http://localhost:${port}`, ...env },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; ; ) {
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error("the bench server did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill()))) };
}

const cookieFrom = (response: Response, name: string) =>
  response.headers.getSetCookie().map((line) => line.split(";")[0] ?? "").find((pair) => pair.startsWith(`${name}=`)) ?? "";

async function credentials(url: string) {
  const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const jwt = (await (await fetch(`${url}/api/jwt/login`, json({ username: "alice", password: PASSWORD }))).json()) as { access_token: string };
  const cookie = cookieFrom(await fetch(`${url}/api/cookie/login`, json({ username: "alice", password: PASSWORD })), "session-lab");
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signIn = await fetch(`${url}/api/auth/callback/credentials`, {
    ...json({ username: "alice", password: PASSWORD, csrfToken, json: "true" }),
    headers: { "content-type": "application/json", cookie: cookieFrom(csrf, "next-auth.csrf-token") },
  });
  const server = cookieFrom(await fetch(`${url}/api/server-session/login`, json({ username: "alice", password: PASSWORD })), "session-lab.sid");
  return {
    jwt: { authorization: `Bearer ${jwt.access_token}` },
    cookie: { cookie },
    nextauth: { cookie: cookieFrom(signIn, "next-auth.session-token") },
    "server-session": { cookie: server },
  };
}

function load(url: string, headers: Record<string, string> = {}, options: Partial<autocannon.Options> = {}): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_S, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const row = (target: string, check: HttpRow["check"], result: autocannon.Result): HttpRow => ({
  target,
  check,
  requestsPerSecond: Math.round(result.requests.average),
  p50: result.latency.p50,
  p99: result.latency.p99,
  non2xx: result.non2xx,
});

/**
 * /me for each approach against /api/health, on a server with the revocation check
 * `check`. Each /me run is paired with a health run right before it, and a ratio is the
 * median over rounds of those pairs: on a small machine the server's speed drifts over a
 * run, and a baseline measured a minute earlier would blame that drift on the approach.
 */
export async function runHttp(check: "on" | "off", baseEnv: Record<string, string>, rounds: number): Promise<HttpRow[]> {
  const server = await startServer({ ...baseEnv, REVOCATION_CHECK: check });
  return measureServer(server.url, check, rounds).finally(() => server.stop());
}

const APPROACHES = ["jwt", "cookie", "nextauth", "server-session"] as const;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function measureServer(url: string, check: "on" | "off", rounds: number): Promise<HttpRow[]> {
  const creds = await credentials(url);
  // Warm-up: JIT and route compilation, for every route measured.
  await load(`${url}/api/health`, {}, { duration: 1 });
  for (const approach of APPROACHES) await load(`${url}/api/${approach}/me`, creds[approach], { duration: 1 });

  const health: HttpRow[] = [];
  const runs = new Map<string, { row: HttpRow; ratio: number }[]>(APPROACHES.map((approach) => [approach, []]));
  for (let round = 0; round < rounds; round++) {
    for (const approach of APPROACHES) {
      const baseline = row("/api/health (no auth)", check, await load(`${url}/api/health`));
      const me = row(`/api/${approach}/me`, check, await load(`${url}/api/${approach}/me`, creds[approach]));
      health.push(baseline);
      runs.get(approach)?.push({ row: me, ratio: me.requestsPerSecond / baseline.requestsPerSecond });
    }
  }
  const typical = (rows: HttpRow[]) => rows.find((candidate) => candidate.requestsPerSecond === median(rows.map((r) => r.requestsPerSecond))) ?? rows[0];
  const healthRow = typical(health);
  if (!healthRow) throw new Error("no health runs");
  const measured = APPROACHES.map((approach) => {
    const pairs = runs.get(approach) ?? [];
    const me = typical(pairs.map((pair) => pair.row));
    if (!me) throw new Error(`no runs for ${approach}`);
    return { ...me, ratio: Number(median(pairs.map((pair) => pair.ratio)).toFixed(2)) };
  });
  return [healthRow, ...measured];
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

/** Sign-ins per second, and /me's p99 while 10 sign-ins run at once against its idle p99. */
export async function runLogins(baseEnv: Record<string, string>): Promise<LoginResult> {
  const server = await startServer(baseEnv);
  try {
    const creds = await credentials(server.url);
    const body = JSON.stringify({ username: "bob", password: PASSWORD });
    const login = { method: "POST" as const, body, headers: { "content-type": "application/json" } };
    const me = `${server.url}/api/jwt/me`;
    await load(me, creds.jwt, { duration: 1, connections: 4 });
    const idle = await load(me, creds.jwt, { connections: 4, duration: LOGIN_DURATION_S });
    const [busy, logins] = await Promise.all([
      load(me, creds.jwt, { connections: 4, duration: LOGIN_DURATION_S }),
      load(`${server.url}/api/jwt/login`, login.headers, { ...login, connections: 10, duration: LOGIN_DURATION_S }),
    ]);
    return {
      loginsPerSecond: Math.round(logins.requests.average),
      meP99Idle: idle.latency.p99,
      meP99DuringLogins: busy.latency.p99,
      ratio: Number((busy.latency.p99 / Math.max(idle.latency.p99, 1)).toFixed(2)),
    };
  } finally {
    await server.stop();
  }
}
