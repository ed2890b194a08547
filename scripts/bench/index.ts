// `npm run bench`: micro benchmarks in this process, then HTTP against the production build.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";

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

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "session-lab-bench-"));
  const secrets = await benchSecrets();
  Object.assign(process.env, secrets, { DATABASE_PATH: path.join(dir, "bench.db") });

  const { runMicro } = await import("./micro");
  const micro = await runMicro();
  console.log("\nMicro: per operation, same process");
  console.table(micro.map((r) => ({ operation: r.name, "µs/op": r.micros, "ops/s": r.opsPerSecond, "× floor": r.ratio ?? "", floor: r.floor ?? "" })));

  const { ensureBuild, runHttp, runLogins } = await import("./http");
  ensureBuild();
  const serverEnv = (name: string) => ({ ...secrets, DATABASE_PATH: path.join(dir, `${name}.db`) });
  const http = [...(await runHttp("on", serverEnv("on"))), ...(await runHttp("off", serverEnv("off")))];
  console.log(`\nHTTP: autocannon, 10 connections, ${process.env.BENCH_DURATION ?? 4} s each, against next start`);
  console.table(http.map((r) => ({ target: r.target, "revocation check": r.check, "req/s": r.requestsPerSecond, "p50 ms": r.p50, "p99 ms": r.p99, "× health": r.ratio ?? "", "non-2xx": r.non2xx })));

  const logins = await runLogins(serverEnv("logins"));
  console.log("\nLogin: Argon2id on the libuv pool, beside /api/jwt/me");
  console.table([logins]);

  const result = { date: new Date().toISOString(), machine: machine(), micro, http, logins };
  fs.mkdirSync("bench-results", { recursive: true });
  fs.writeFileSync("bench-results/latest.json", `${JSON.stringify(result, null, 2)}\n`);
  console.log("\nbench: wrote bench-results/latest.json");
  fs.rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
