import "server-only";
import { hashSync } from "@node-rs/argon2";
import { hashOnThread, verifyOnThread } from "./hashing-threads";

/** OWASP's first choice for Argon2id: 19 MiB of memory, 2 passes, 1 lane. */
const ARGON2ID = {
  algorithm: 2, // Algorithm.Argon2id: a const enum, which isolatedModules cannot import
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * Hashes a password with Argon2id on a hashing thread of low priority (the event loop keeps
 * serving, and goes first where the CPU is short).
 *
 * @example
 * const stored = await hashPassword("correct-horse-battery-staple");
 */
export function hashPassword(password: string): Promise<string> {
  return hashOnThread(password, ARGON2ID);
}

/** Synchronous variant, for seeding at first start only. */
export function hashPasswordSync(password: string): string {
  return hashSync(password, ARGON2ID);
}

/**
 * Checks a password against a stored hash, in constant time, on a hashing thread.
 * A malformed stored hash is a mismatch, never an exception.
 *
 * @example
 * if (await verifyPassword(user.passwordHash, input)) { … }
 */
export function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  return verifyOnThread(storedHash, password);
}

// Checked against when the username is unknown, so that answer costs one real hash check
// too and its timing does not reveal which usernames exist: an Argon2id hash at ARGON2ID's
// parameters (a test holds them equal) of a random password nobody kept. Written out, not
// made at run time, so an unknown user's sign-in queues for a hashing thread once, as a
// known user's does, never twice.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$YvFqBq05INcpSuzEyNRXZw$inZi/JOO1jVuKmpUaeSd+CV+ngvTrId/9aC0EcqC7n4";

/** Spends the same work as {@link verifyPassword} and always answers false. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(DUMMY_HASH, password);
  return false;
}
