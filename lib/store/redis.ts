import "server-only";
import Redis from "ioredis";
import { StoreUnavailableError, type RefreshOutcome, type SessionStore } from "./types";

// Runs atomically inside Redis: two instances presenting the same refresh token at
// the same moment see one "rotated" and, past the grace window, one "reused".
const CONSUME_REFRESH_TOKEN = `
local t = redis.call('HMGET', KEYS[1], 'userId', 'expiresAt', 'usedAt')
if not t[1] then return {'unknown'} end
local f = redis.call('HMGET', KEYS[2], 'expiresAt', 'revokedAt', 'version')
if not f[1] then return {'expired'} end
if f[2] then return {'revoked'} end
local now = tonumber(ARGV[1])
if tonumber(t[2]) <= now or tonumber(f[1]) <= now then return {'expired'} end
if t[3] and now - tonumber(t[3]) > tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[2], 'revokedAt', ARGV[1])
  return {'reused'}
end
if not t[3] then redis.call('HSET', KEYS[1], 'usedAt', ARGV[1]) end
return {'rotated', t[1], f[1], f[3]}
`;

const PREFIX = "session-lab:";
const keys = {
  revoked: (id: string) => `${PREFIX}revoked:${id}`,
  version: (userId: number) => `${PREFIX}sv:${userId}`,
  family: (familyId: string) => `${PREFIX}rf:${familyId}`,
  token: (tokenHash: string) => `${PREFIX}rt:${tokenHash}`,
};

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === "string");

/**
 * The shared store: every app instance pointed at the same Redis sees the same
 * revocations, session versions and refresh tokens. When Redis cannot be reached,
 * every operation throws {@link StoreUnavailableError} within about a second, and
 * the connection keeps retrying in the background until Redis is back.
 */
export function redisStore(url: string): SessionStore {
  const client = new Redis(url, {
    connectTimeout: 2000,
    commandTimeout: 1000, // a stalled Redis is an outage too: fail closed fast
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });

  let down = false;
  client.on("error", (error: NodeJS.ErrnoException) => {
    if (down) return; // one log line per outage, not one per retry
    down = true;
    console.error(`[session-lab] session store (redis) unreachable: ${error.code ?? error.name}`);
  });
  client.on("ready", () => {
    if (down) console.error("[session-lab] session store (redis) reachable again");
    down = false;
  });

  async function guarded<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError(`session store (redis) failed: ${error instanceof Error ? error.name : "unknown"}`);
    }
  }

  return {
    kind: "redis",

    revokeId: (id, expiresAt) =>
      guarded(async () => {
        if (expiresAt > Date.now()) await client.set(keys.revoked(id), "1", "PXAT", expiresAt);
      }),

    credentialState: (id, userId) =>
      guarded(async () => {
        const [revoked, version] = await client.mget(keys.revoked(id), keys.version(userId));
        return { revoked: revoked !== null, sessionVersion: Number(version ?? 0) };
      }),

    sessionVersion: (userId) => guarded(async () => Number((await client.get(keys.version(userId))) ?? 0)),

    bumpSessionVersion: (userId) => guarded(() => client.incr(keys.version(userId))),

    createRefreshFamily: (familyId, userId, sessionVersion, expiresAt) =>
      guarded(async () => {
        const key = keys.family(familyId);
        await client.multi().hset(key, { userId, version: sessionVersion, expiresAt }).pexpireat(key, expiresAt).exec();
      }),

    addRefreshToken: (tokenHash, familyId, userId, expiresAt) =>
      guarded(async () => {
        const key = keys.token(tokenHash);
        await client.multi().hset(key, { familyId, userId, expiresAt }).pexpireat(key, expiresAt).exec();
      }),

    consumeRefreshToken: (tokenHash, now, graceMs) =>
      guarded(async (): Promise<RefreshOutcome> => {
        const familyId = await client.hget(keys.token(tokenHash), "familyId");
        if (familyId === null) return { status: "unknown" };
        const reply: unknown = await client.eval(CONSUME_REFRESH_TOKEN, 2, keys.token(tokenHash), keys.family(familyId), now, graceMs);
        if (!isStringArray(reply)) throw new StoreUnavailableError("unexpected reply from the refresh-token script");
        const [status, userId, familyExpiresAt, version] = reply;
        if (status === "rotated") {
          return {
            status,
            userId: Number(userId),
            familyId,
            familyExpiresAt: Number(familyExpiresAt),
            sessionVersion: Number(version ?? 0),
          };
        }
        if (status === "unknown" || status === "expired" || status === "revoked" || status === "reused") return { status };
        throw new StoreUnavailableError("unexpected reply from the refresh-token script");
      }),

    revokeRefreshFamilyOf: (tokenHash, now) =>
      guarded(async () => {
        const familyId = await client.hget(keys.token(tokenHash), "familyId");
        if (familyId !== null && (await client.exists(keys.family(familyId)))) {
          await client.hsetnx(keys.family(familyId), "revokedAt", now);
        }
      }),

    close: async () => {
      client.disconnect();
    },
  };
}
