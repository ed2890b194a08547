import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Whether process `pid` runs: killed, it may linger as a zombie (Linux: state Z) until its new parent reaps it. */
function running(pid: number): boolean {
  try {
    if (!fs.existsSync("/proc/self/stat")) return process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

// `npm run bench` killed mid-run must not leave its servers running or its files on disk
// (scripts/bench/interrupt.ts). A real process, a real child of it and a real signal.
describe("an interrupted bench", () => {
  it("stops what it started and removes its files, then exits with the signal's code", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-interrupt-"));
    const script = path.join(dir, "run.ts");
    fs.writeFileSync(
      script,
      `import { spawn } from "node:child_process";
       import fs from "node:fs";
       import { onInterrupt } from ${JSON.stringify(path.resolve("scripts/bench/interrupt.ts"))};
       const server = spawn("sleep", ["60"], { stdio: "ignore" });
       onInterrupt(() => fs.rmSync(${JSON.stringify(dir)}, { recursive: true, force: true }));
       onInterrupt(() => server.kill());
       const forgotten = onInterrupt(() => fs.writeFileSync(${JSON.stringify(`${dir}-forgotten`)}, ""));
       forgotten();
       console.log(server.pid);
       setInterval(() => {}, 1000);`,
    );
    const bench = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), script], { stdio: ["ignore", "pipe", "pipe"] });
    const serverPid = await new Promise<number>((resolve) => bench.stdout.once("data", (data: Buffer) => resolve(Number(String(data).trim()))));
    expect(running(serverPid)).toBe(true);
    let stderr = "";
    bench.stderr.on("data", (data: Buffer) => (stderr += String(data)));
    // "close", not "exit": at "exit" the child's stderr may not all have been read yet.
    const exited = new Promise<number | null>((resolve) => bench.once("close", (code) => resolve(code)));
    bench.kill("SIGTERM");
    expect(await exited).toBe(143);
    expect(stderr).toContain("bench: interrupted (SIGTERM)");
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.existsSync(`${dir}-forgotten`)).toBe(false); // a cleanup forgotten before the signal does not run
    await expect.poll(() => running(serverPid)).toBe(false);
  });
});
