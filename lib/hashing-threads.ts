import "server-only";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Options as Argon2Options } from "@node-rs/argon2";
import { logUnexpected } from "./errors";

type Job = { kind: "hash"; password: string; options: Argon2Options } | { kind: "verify"; storedHash: string; password: string };
type Reply = { value: string | boolean } | { failed: true };

// Argon2id is meant to be expensive. Left alone, a burst of sign-ins would take every core
// and starve the event loop that serves everyone else's requests. So it runs on at most all
// cores but one, on threads of its own at the lowest CPU priority (nice 19): where the CPU
// is short, signed-in users' requests go first and sign-ins wait, never the other way round.
const HASHING_THREADS = Math.max(1, availableParallelism() - 1);
const LOWEST_PRIORITY = 19;

// Plain CommonJS run by Node itself, so no bundler rewrites it. Node resolves an eval'd
// worker's require from the working directory: the app's root under `next start`, `next dev`,
// the tests and the standalone server.js. The priority is set by thread id, which Linux names
// in /proc/thread-self; elsewhere (no such file) the thread keeps the process's priority, as
// renicing "this process" there would renice the whole server.
const THREAD_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { readlinkSync } = require("node:fs");
const { setPriority } = require("node:os");
const { hashSync, verifySync } = require("@node-rs/argon2");
try {
  setPriority(Number(readlinkSync("/proc/thread-self").split("/").pop()), workerData.priority);
} catch {}
parentPort.on("message", (job) => {
  try {
    parentPort.postMessage({ value: job.kind === "hash" ? hashSync(job.password, job.options) : verifySync(job.storedHash, job.password) });
  } catch {
    parentPort.postMessage({ failed: true });
  }
});
`;

const threads = new Set<Worker>();
const idle: Worker[] = [];
const waiting: ((thread: Worker) => void)[] = [];

function startThread(): Worker {
  const thread = new Worker(THREAD_SOURCE, { eval: true, workerData: { priority: LOWEST_PRIORITY } });
  threads.add(thread);
  thread.on("error", (error) => logUnexpected(error, "in a hashing thread")); // its job fails as it exits
  thread.once("exit", () => {
    threads.delete(thread);
    const at = idle.indexOf(thread);
    if (at >= 0) idle.splice(at, 1);
  });
  return thread;
}

function ask(thread: Worker, job: Job): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const answered = (reply: Reply) => {
      thread.off("exit", stopped);
      resolve(reply);
    };
    const stopped = () => {
      thread.off("message", answered);
      reject(new Error("The hashing thread stopped"));
    };
    thread.once("message", answered);
    thread.once("exit", stopped);
    thread.ref(); // an idle thread does not keep the process alive; one with a job does
    thread.postMessage(job);
  });
}

async function onHashingThread(job: Job): Promise<Reply> {
  const thread =
    idle.pop() ?? (threads.size < HASHING_THREADS ? startThread() : await new Promise<Worker>((resolve) => waiting.push(resolve)));
  try {
    return await ask(thread, job);
  } finally {
    thread.unref();
    const stillRunning = threads.has(thread);
    const next = waiting.shift(); // handed over directly, so a newcomer cannot jump the queue
    if (next) next(stillRunning ? thread : startThread());
    else if (stillRunning) idle.push(thread);
  }
}

/**
 * Hashes a password with Argon2id on a low-priority hashing thread.
 *
 * @example
 * const stored = await hashOnThread("correct-horse-battery-staple", ARGON2ID);
 */
export async function hashOnThread(password: string, options: Argon2Options): Promise<string> {
  const reply = await onHashingThread({ kind: "hash", password, options });
  if (!("value" in reply) || typeof reply.value !== "string") throw new Error("Argon2 could not hash the password");
  return reply.value;
}

/**
 * Checks a password against an Argon2 hash on a low-priority hashing thread; a malformed
 * hash is a mismatch.
 *
 * @example
 * if (await verifyOnThread(user.passwordHash, input)) { … }
 */
export async function verifyOnThread(storedHash: string, password: string): Promise<boolean> {
  const reply = await onHashingThread({ kind: "verify", storedHash, password });
  return "value" in reply && reply.value === true;
}
