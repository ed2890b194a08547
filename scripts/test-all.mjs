#!/usr/bin/env node
// `npm test`: every check, in order (generate, lint, types, unit, e2e), then one summary line
// that counts them all. Every stage runs even when an earlier one fails, so one
// run shows everything that is wrong; the exit code is non-zero if anything failed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const REPORTS = "test-reports";
fs.rmSync(REPORTS, { recursive: true, force: true });
fs.mkdirSync(REPORTS, { recursive: true });

const bin = (name) => path.resolve("node_modules/.bin", name);

function run(command, args) {
  console.log(`\n$ ${[path.basename(command), ...args].join(" ")}`);
  const { status } = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  return status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

const stages = [];

for (const [name, command, args] of [
  // lib/generated/ (the code patterns, bench numbers): tsc and the e2e build read it.
  ["generate", bin("tsx"), ["scripts/generate/index.ts"]],
  ["lint", bin("eslint"), ["--max-warnings=0", "."]],
  ["typecheck", bin("tsc"), ["--noEmit"]],
]) {
  const ok = run(command, args);
  stages.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
}

{
  const ok = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile=${REPORTS}/unit.json`]);
  const report = readJson(`${REPORTS}/unit.json`);
  const passed = report?.numPassedTests ?? 0;
  const failed = (report?.numFailedTests ?? 0) + (ok || report?.numFailedTests ? 0 : 1);
  stages.push({ name: "unit", passed, failed, skipped: (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0) });
}

{
  const ok = run(bin("playwright"), ["test"]);
  const stats = readJson(`${REPORTS}/e2e.json`)?.stats;
  const failed = (stats?.unexpected ?? 0) + (stats?.flaky ?? 0) + (ok || stats?.unexpected ? 0 : 1);
  stages.push({ name: "e2e", passed: stats?.expected ?? 0, failed, skipped: stats?.skipped ?? 0 });
}

const total = { passed: 0, failed: 0, skipped: 0 };
console.log("");
for (const stage of stages) {
  for (const key of Object.keys(total)) total[key] += stage[key];
  console.log(`${stage.name.padEnd(10)} ${stage.passed} passed, ${stage.failed} failed${stage.skipped ? `, ${stage.skipped} skipped` : ""}`);
}
const skipped = total.skipped ? `, ${total.skipped} skipped` : "";
console.log(`total: ${total.passed} passed, ${total.failed} failed${skipped}`);
process.exitCode = total.failed > 0 ? 1 : 0;
