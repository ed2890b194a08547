import { Worker } from "node:worker_threads";

// A plain-JavaScript worker, so it opens the file with better-sqlite3 alone, as another server would.
const WRITER = `
const { parentPort, workerData } = require("node:worker_threads");
const db = new (require("better-sqlite3"))(workerData.file);
db.pragma("journal_mode = WAL");
db.exec("BEGIN IMMEDIATE");
for (const sql of workerData.statements) db.exec(sql);
parentPort.postMessage("locked");
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
db.exec("COMMIT");
db.close();`;

/**
 * Another process writing to the SQLite file at `file`: it runs `statements` in an IMMEDIATE
 * transaction and keeps the write lock for `holdMs` before it commits. Resolves once it holds
 * the lock, with a promise of its commit.
 *
 * @example
 * const { committed } = await writingFromAnotherProcess(file, ["INSERT INTO notes …"]);
 * createNote(1, "meanwhile"); // must wait its turn, not fail
 * await committed;
 */
export async function writingFromAnotherProcess(file: string, statements: readonly string[], holdMs = 300): Promise<{ committed: Promise<void> }> {
  const worker = new Worker(WRITER, { eval: true, workerData: { file, statements, holdMs } });
  const committed = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  await new Promise((resolve, reject) => worker.once("message", resolve).once("error", reject));
  return { committed };
}
