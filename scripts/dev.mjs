#!/usr/bin/env node
// `npm run dev`: development secrets (made once), lib/generated/ (the code patterns),
// the second service on :4000, and `next dev` on :3000, told where that service is.
// Ctrl-C stops both.
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { spawnSecondService, stopTogether } from "./second-service.mjs";

const APP_PORT = process.env.PORT ?? "3000";
const RESOURCE_PORT = process.env.RESOURCE_SERVER_PORT ?? "4000";
const appOrigin = `http://localhost:${APP_PORT}`;

execFileSync(process.execPath, ["scripts/secrets.mjs"], { stdio: "inherit" });
execFileSync(path.resolve("node_modules/.bin/tsx"), ["scripts/generate/index.ts"], { stdio: "inherit" });

const resourceServer = spawnSecondService(RESOURCE_PORT, appOrigin);
resourceServer.on("exit", (code) => {
  if (code) console.warn(`resource-server exited (${code}); the JWT column's "Call the second service" will say so.`);
});

const next = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "dev", "-p", APP_PORT], {
  stdio: "inherit",
  env: { ...process.env, RESOURCE_SERVER_URL: process.env.RESOURCE_SERVER_URL ?? `http://localhost:${RESOURCE_PORT}` },
});

stopTogether(next, resourceServer);
