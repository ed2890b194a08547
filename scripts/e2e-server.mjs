#!/usr/bin/env node
// Serves the production build for the e2e suite: the development secrets (made if none
// exist), a fresh database file, lib/generated/, `next build`, then `next start` on the given
// port, with the second service (scripts/resource-server.mjs) on the port after it.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { spawnSecondService, stopTogether } from "./second-service.mjs";

const port = process.argv[2] ?? "3100";
const resourcePort = String(Number(port) + 1);
const dataDir = path.resolve(".data/e2e");
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });

// `next build` and `next start` never read .env.development.local (on purpose: see
// scripts/secrets.mjs), so its secrets are handed to them here. They win over any exported
// in the shell: the specs forge and start more servers with the ones in the file
// (e2e/support/secrets.ts), and a key of the shell's would make those disagree.
execFileSync(process.execPath, ["scripts/secrets.mjs"], { stdio: "inherit" });
const secrets = parseEnv(fs.readFileSync(".env.development.local", "utf8"));

// Many specs try wrong passwords in parallel as alice and bob: the lockout after 5 is
// tested on servers of its own (e2e/cluster.spec.ts), not here, where it would only
// make unrelated tests depend on their order. 20 stays in reach of the attack lab.
const env = {
  ...process.env,
  ...secrets,
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_PATH: path.join(dataDir, "session-lab.db"),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: "20",
  LOGIN_MAX_FAILURES_PER_ADDRESS: "100000",
  RESOURCE_SERVER_URL: `http://localhost:${resourcePort}`,
  NEXTAUTH_URL: `http://localhost:${port}`,
};
const next = path.resolve("node_modules/next/dist/bin/next");

execFileSync(path.resolve("node_modules/.bin/tsx"), ["scripts/generate/index.ts"], { stdio: "inherit", env });
execFileSync(process.execPath, [next, "build"], { stdio: "inherit", env });
const resourceServer = spawnSecondService(resourcePort, `http://localhost:${port}`);
const server = spawn(process.execPath, [next, "start", "-p", port], { stdio: "inherit", env });
stopTogether(server, resourceServer);
// The resource-server spec needs the second service: without it the run stops here, saying
// why, rather than later in a spec that cannot reach it.
resourceServer.on("exit", (code, signal) => {
  if (code === 0 || signal) return; // stopped on purpose, with the app
  console.error(`e2e-server: the second service on port ${resourcePort} stopped (exit code ${code}); stopping the app.`);
  server.kill();
  process.exitCode = 1;
});
