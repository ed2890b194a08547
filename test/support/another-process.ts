import { spawn } from "node:child_process";

// Plain JavaScript in a process of its own, so it opens the file with better-sqlite3 alone, as
// another server would. It says "locked" on stdout once it holds the write lock.
const WRITER = `
const { file, statements, holdMs } = JSON.parse(process.argv[1]);
const db = new (require("better-sqlite3"))(file);
db.pragma("journal_mode = WAL");
db.exec("BEGIN IMMEDIATE");
for (const sql of statements) db.exec(sql);
process.stdout.write("locked\\n");
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, holdMs);
db.exec("COMMIT");
db.close();`;

/**
 * Another process writing to the SQLite file at `file`: it runs `statements` in an IMMEDIATE
 * transaction and keeps the write lock for `holdMs` before it commits. Resolves once it holds
 * the lock, with a promise of its commit (rejected if it failed).
 *
 * @example
 * const { committed } = await writingFromAnotherProcess(file, ["INSERT INTO notes …"]);
 * createNote(1, "meanwhile"); // must wait its turn, not fail
 * await committed;
 */
export async function writingFromAnotherProcess(file: string, statements: readonly string[], holdMs = 300): Promise<{ committed: Promise<void> }> {
  const child = spawn(process.execPath, ["-e", WRITER, JSON.stringify({ file, statements, holdMs })], { stdio: ["ignore", "pipe", "pipe"] });
  let errors = "";
  child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const committed = new Promise<void>((resolve, reject) =>
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the other process failed (${code}): ${errors}`)))),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
    committed.then(() => reject(new Error("the other process ended without taking the lock")), reject);
  });
  return { committed };
}
