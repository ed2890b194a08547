import "server-only";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Options as Argon2Options } from "@node-rs/argon2";
import { ConfigError } from "./env";
import { HashingFailedError, logUnexpected, SignInsBusyError } from "./errors";

type Job = { kind: "hash"; password: string; options: Argon2Options } | { kind: "verify"; storedHash: string; password: string };
type Reply = { value: string | boolean } | { failed: true };

/**
 * How many hashing threads may run at once. Argon2id is meant to be expensive (19 MiB and tens
 * of milliseconds a check): left alone, a burst of sign-ins would take every core and starve
 * the event loop that serves everyone else's requests. So it gets threads of its own, at most
 * all cores but one, and at most 4, as many as libuv's pool it used before (Node 20 counts the
 * host's cores, not a container's CPU quota).
 */
export const HASHING_THREADS = Math.max(1, Math.min(availableParallelism() - 1, 4));

/**
 * How long a sign-in may wait for a thread before it is answered 503, with Retry-After, instead.
 * Unbounded, a burst larger than the threads can hash would queue until its clients gave up,
 * and the threads would go on hashing attempts nobody waits for. The longest wait measured
 * during the e2e suite here was 167 ms (14 of its 559 checks waited at all).
 */
export const HASHING_WAIT_LIMIT_MS = 10_000;

// Linux's lowest CPU priority: where the CPU is short, the scheduler weighs signed-in users'
// requests (nice 0) about 70 to 1 over sign-ins.
const LOWEST_PRIORITY = 19;

// Plain CommonJS run by Node itself, so no bundler rewrites it. Node resolves an eval'd
// worker's require from the working directory, so the server must start in the app's root
// (`npm start` and `npm run dev` do; checkHashingThreads() stops it at start otherwise).
// On Linux a nice value belongs to a thread, and setPriority() with no pid sets the calling
// thread's; elsewhere it would renice the whole server, so there the threads keep the
// process's priority.
const THREAD_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { setPriority } = require("node:os");
const { hashSync, verifySync } = require("@node-rs/argon2");
try {
  if (process.platform === "linux") setPriority(workerData.priority);
} catch {} // refused by a sandbox: the thread keeps the process's priority
parentPort.on("message", (job) => {
  try {
    parentPort.postMessage({ value: job.kind === "hash" ? hashSync(job.password, job.options) : verifySync(job.storedHash, job.password) });
  } catch {
    parentPort.postMessage({ failed: true });
  }
});
`;

interface Waiting {
  take: (thread: Worker) => void;
  fail: (error: unknown) => void;
}

interface Pool {
  threads: Set<Worker>;
  idle: Worker[];
  waiting: Waiting[];
}

// One pool per process, kept on globalThis so that dev-mode reloads reuse its threads.
const holder = globalThis as typeof globalThis & { sessionLabHashing?: Pool };
const pool = (holder.sessionLabHashing ??= { threads: new Set(), idle: [], waiting: [] });

/** A new thread; when none can start, the cause is logged and the sign-in gets a 503. */
function startThread(): Worker {
  let thread: Worker;
  try {
    thread = new Worker(THREAD_SOURCE, { eval: true, workerData: { priority: LOWEST_PRIORITY } });
  } catch (error) {
    logUnexpected(error, "while starting a hashing thread");
    throw new HashingFailedError("No hashing thread could start");
  }
  pool.threads.add(thread);
  thread.on("error", (error) => logUnexpected(error, "in a hashing thread")); // its job fails as it exits
  thread.once("exit", () => {
    pool.threads.delete(thread);
    const at = pool.idle.indexOf(thread);
    if (at >= 0) pool.idle.splice(at, 1);
  });
  return thread;
}

function ask(thread: Worker, job: Job): Promise<Reply> {
  thread.postMessage(job); // its answer comes as an event, after the listeners below are on
  thread.ref(); // an idle thread does not keep the process alive; one with a job does
  return new Promise((resolve, reject) => {
    const answered = (reply: Reply) => {
      thread.off("exit", stopped);
      resolve(reply);
    };
    const stopped = () => {
      thread.off("message", answered);
      reject(new HashingFailedError("The hashing thread stopped")); // it logged why (its "error" event)
    };
    thread.once("message", answered);
    thread.once("exit", stopped);
  });
}

/**
 * Gives a thread that finished its job (or, when it stopped, a new one) to the first sign-in
 * waiting, directly, so that a newcomer cannot jump the queue. A new thread that cannot start
 * fails that sign-in, and the next one waiting tries again.
 */
function handOver(finished: Worker | undefined): void {
  for (let next = pool.waiting.shift(); next; next = pool.waiting.shift()) {
    if (finished) return next.take(finished);
    try {
      return next.take(startThread());
    } catch (error) {
      next.fail(error);
    }
  }
  if (finished) pool.idle.push(finished);
}

/** Queues for the next thread free, and leaves the queue as busy at {@link HASHING_WAIT_LIMIT_MS}. */
function waitForThread(): Promise<Worker> {
  return new Promise((take, fail) => {
    const deadline = setTimeout(() => {
      const at = pool.waiting.indexOf(waiting);
      if (at >= 0) pool.waiting.splice(at, 1);
      fail(new SignInsBusyError(Math.ceil(HASHING_WAIT_LIMIT_MS / 1000)));
    }, HASHING_WAIT_LIMIT_MS);
    const waiting: Waiting = {
      take: (thread) => {
        clearTimeout(deadline);
        take(thread);
      },
      fail: (error) => {
        clearTimeout(deadline);
        fail(error);
      },
    };
    pool.waiting.push(waiting);
  });
}

async function onHashingThread(job: Job): Promise<Reply> {
  const thread = pool.idle.pop() ?? (pool.threads.size < HASHING_THREADS ? startThread() : await waitForThread());
  try {
    return await ask(thread, job);
  } finally {
    thread.unref();
    handOver(pool.threads.has(thread) ? thread : undefined);
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

/**
 * Starts a hashing thread and has it answer once, so that a server that cannot check
 * passwords stops at start, saying why, instead of answering every sign-in with a 503.
 *
 * @example
 * await checkHashingThreads(); // in instrumentation.ts, via lib/startup.ts
 */
export async function checkHashingThreads(): Promise<void> {
  try {
    await verifyOnThread("", "");
  } catch {
    // Why is logged already: by the thread that stopped, or where no thread could start.
    throw new ConfigError(
      "Session Lab cannot start: its password-hashing threads do not run (the line above says why). The usual cause: " +
        `they cannot load @node-rs/argon2 from the working directory (${process.cwd()}).\n` +
        "Start the server in the app's directory, as `npm start` does.",
    );
  }
}

