import "server-only";
import { availableParallelism } from "node:os";
import { hash, hashSync, verify } from "@node-rs/argon2";

/** OWASP's first choice for Argon2id: 19 MiB of memory, 2 passes, 1 lane. */
const ARGON2ID = {
  algorithm: 2, // Algorithm.Argon2id: a const enum, which isolatedModules cannot import
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

// Argon2id is meant to be expensive. Left alone, a burst of sign-ins would take every
// core and starve the event loop that serves everyone else's requests; so hashing
// runs on at most all cores but one, and further sign-ins wait their turn.
const HASHING_SLOTS = Math.max(1, availableParallelism() - 1);
let busySlots = 0;
const waiting: (() => void)[] = [];

async function inHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  if (busySlots < HASHING_SLOTS) busySlots++;
  else await new Promise<void>((resolve) => waiting.push(resolve)); // the releaser hands its slot over
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else busySlots--;
  }
}

/**
 * Hashes a password with Argon2id on a worker thread (the event loop keeps serving).
 *
 * @example
 * const stored = await hashPassword("correct-horse-battery-staple");
 */
export function hashPassword(password: string): Promise<string> {
  return inHashingSlot(() => hash(password, ARGON2ID));
}

/** Synchronous variant, for seeding at first start only. */
export function hashPasswordSync(password: string): string {
  return hashSync(password, ARGON2ID);
}

/**
 * Checks a password against a stored hash, in constant time, off the event loop.
 * A malformed stored hash is a mismatch, never an exception.
 *
 * @example
 * if (await verifyPassword(user.passwordHash, input)) { … }
 */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await inHashingSlot(() => verify(storedHash, password));
  } catch {
    return false;
  }
}

// Checked against when the username is unknown, so that answer costs one real hash
// check too and its timing does not reveal which usernames exist.
let dummyHash: string | undefined;

/** Spends the same work as {@link verifyPassword} and always answers false. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= await hashPassword("session-lab-timing-equaliser");
  await verifyPassword(dummyHash, password);
  return false;
}
