import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "./redis-server";
import { devSecrets } from "./secrets";

export interface Instance {
  name: string;
  url: string;
  /** Everything the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Another `next start` of the production build the e2e web server built, on its own
 * port and its own SQLite file, with the same secrets: one app instance of several
 * behind a load balancer.
 */
export async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const dataDir = path.resolve(".data/e2e", `instance-${name}-${port}`);
  fs.mkdirSync(dataDir, { recursive: true });
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
    env: { ...process.env, ...devSecrets(), NEXT_TELEMETRY_DISABLED: "1", DATABASE_PATH: path.join(dataDir, "session-lab.db"), NEXTAUTH_URL: url, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    const healthy = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGTERM"); // one that is up but not healthy must not outlive the run
      throw new Error(`instance ${name} did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name,
    url,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
