import "server-only";
import { db } from "../db";
import { env } from "../env";
import { timed } from "../exchange";
import { redisStore } from "./redis";
import { sqliteStore } from "./sqlite";
import type { SessionStore } from "./types";

export { StoreUnavailableError } from "./types";
export type { ServerSessionRecord, SessionStore } from "./types";

// One per process, kept on globalThis so the proxy's bundle and the route handlers'
// share one Redis connection (and dev reloads do not open new ones).
const holder = globalThis as typeof globalThis & { sessionLabStore?: SessionStore };

/** The session-state store: Redis when `REDIS_URL` is set (several instances), else the SQLite file. */
export function store(): SessionStore {
  const { REDIS_URL } = env();
  holder.sessionLabStore ??= REDIS_URL ? redisStore(REDIS_URL) : sqliteStore(db());
  return holder.sessionLabStore;
}

const storeKind = () => (env().REDIS_URL ? "redis" : "sqlite");

/** Whether guards consult the store (the default); `REVOCATION_CHECK=off` exists only for benchmarks. */
export function revocationCheckEnabled(): boolean {
  return env().REVOCATION_CHECK === "on";
}

/**
 * Whether a credential that verified is nevertheless dead: its id revoked (a session id, or
 * a JWT's refresh family `fid`), or minted before the user's last "sign out everywhere".
 * One store round trip.
 */
export async function isCredentialRevoked(credentialId: string, userId: number, sessionVersion: number): Promise<boolean> {
  const state = await timed("revocation", storeKind, () => store().credentialState(credentialId, userId));
  return state.revoked || state.sessionVersion !== sessionVersion;
}

/** Ends every session the user has, in every approach, at once. */
export async function signOutEverywhere(userId: number): Promise<void> {
  await store().bumpSessionVersion(userId);
}
