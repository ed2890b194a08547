import "server-only";
import Redis from "ioredis";
import { StoreUnavailableError, type RefreshOutcome, type ServerSessionRecord, type SessionStore } from "./types";

// Runs atomically inside Redis, so requests racing on any instances take a token's two
// redemptions one at a time: its first use (usedAt), and one more within the grace window
// for a second tab (graceUsedAt). Every presentation after those is "reused". A redemption
// stores its successor in the same step. KEYS: the token, its family, its user's session
// version, the successor; ARGV: now, grace (ms), the successor's TTL (ms), the family's id.
const CONSUME_REFRESH_TOKEN = `
local t = redis.call('HMGET', KEYS[1], 'userId', 'expiresAt', 'usedAt', 'graceUsedAt')
if not t[1] then return {'unknown'} end
local f = redis.call('HMGET', KEYS[2], 'expiresAt', 'revokedAt', 'version')
if not f[1] then return {'expired'} end
if f[2] then return {'revoked'} end
local now, familyEnds = tonumber(ARGV[1]), tonumber(f[1])
if tonumber(t[2]) <= now or familyEnds <= now then return {'expired'} end
local version = f[3] or '0'
if tonumber(redis.call('GET', KEYS[3]) or '0') ~= tonumber(version) then
  redis.call('HSET', KEYS[2], 'revokedAt', ARGV[1])
  return {'revoked'}
end
if not t[3] then
  redis.call('HSET', KEYS[1], 'usedAt', ARGV[1])
elseif not t[4] and tonumber(ARGV[2]) > 0 and now - tonumber(t[3]) <= tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'graceUsedAt', ARGV[1])
else
  redis.call('HSET', KEYS[2], 'revokedAt', ARGV[1])
  return {'reused'}
end
local expiresAt = string.format('%d', math.min(now + tonumber(ARGV[3]), familyEnds))
redis.call('HSET', KEYS[4], 'familyId', ARGV[4], 'userId', t[1], 'expiresAt', expiresAt)
redis.call('PEXPIREAT', KEYS[4], expiresAt)
return {'rotated', t[1], version, expiresAt}
`;

// Counts one sign-in failure in the key's window, or starts a new window with it: the count
// and the window's end together. The end is on the caller's clock, as the SQLite store counts,
// and names the window; how long the key lives is on Redis's own (PEXPIRE, not PEXPIREAT), so
// an instance whose clock is behind cannot make Redis drop every count the moment it is made.
const RECORD_LOGIN_FAILURE = `
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local resetsAt = tonumber(redis.call('HGET', KEYS[1], 'resetsAt'))
if resetsAt and resetsAt > now then return {redis.call('HINCRBY', KEYS[1], 'count', 1), resetsAt} end
resetsAt = now + window
redis.call('HSET', KEYS[1], 'count', 1, 'resetsAt', resetsAt)
redis.call('PEXPIRE', KEYS[1], window)
return {1, resetsAt}
`;

// Takes one counted sign-in failure back, atomically: never below 0, only from the window
// that counted it, named by when it resets (ARGV[1]) or by when it must reset at the latest
// (ARGV[2]); "any", which is no number, leaves that bound out. Never re-creates (without a
// TTL) a count whose window expired.
const FORGET_LOGIN_FAILURE = `
local t = redis.call('HMGET', KEYS[1], 'count', 'resetsAt')
local count, resetsAt = tonumber(t[1]), tonumber(t[2])
if count and count > 0 and resetsAt == (tonumber(ARGV[1]) or resetsAt) and resetsAt <= (tonumber(ARGV[2]) or resetsAt) then
  redis.call('HINCRBY', KEYS[1], 'count', -1)
end
`;

// Marks a refresh family revoked only if it still exists: a HSETNX on a family that had just
// expired would re-create it as a hash without a TTL.
const REVOKE_FAMILY = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSETNX', KEYS[1], 'revokedAt', ARGV[1]) end
`;

// Gives a server session a new secret only while its secret is the one the caller checked:
// of two racing rotations one wins, and a session already ended is not re-created.
// KEYS: the session; ARGV: the checked secret's hash, the new one's, the new role, until when
// the replaced secret is still accepted.
const ROTATE_SESSION_SECRET = `
if redis.call('HGET', KEYS[1], 'secretHash') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'previousSecretHash', ARGV[1], 'previousSecretValidUntil', ARGV[4], 'secretHash', ARGV[2], 'role', ARGV[3])
return 1
`;

// Moves a server session's idle expiry on, never past its absolute one, and only while the
// session exists: a HSET after a logout's DEL would re-create a part of it with no TTL.
// KEYS: the session; ARGV: last seen, the idle expiry asked for.
const TOUCH_SESSION = `
local absolute = tonumber(redis.call('HGET', KEYS[1], 'absoluteExpiresAt'))
if not absolute then return end
local idle = string.format('%d', math.min(tonumber(ARGV[2]), absolute))
redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1], 'idleExpiresAt', idle)
redis.call('PEXPIREAT', KEYS[1], idle)
`;

const PREFIX = "session-lab:";
const keys = {
  revoked: (id: string) => `${PREFIX}revoked:${id}`,
  version: (userId: number) => `${PREFIX}sv:${userId}`,
  family: (familyId: string) => `${PREFIX}rf:${familyId}`,
  token: (tokenHash: string) => `${PREFIX}rt:${tokenHash}`,
  session: (id: string) => `${PREFIX}ss:${id}`,
  userSessions: (userId: number) => `${PREFIX}us:${userId}`,
  failures: (key: string) => `${PREFIX}failures:${key}`, // a hash: count, resetsAt
};

function parseSession(fields: Record<string, string>): ServerSessionRecord | null {
  const { id, userId, secretHash, previousSecretHash, previousSecretValidUntil, role, sessionVersion, userAgent, createdAt, lastSeenAt, idleExpiresAt, absoluteExpiresAt } =
    fields;
  if (!id || !secretHash || (role !== "admin" && role !== "member")) return null;
  return {
    id,
    userId: Number(userId),
    secretHash,
    previousSecretHash: previousSecretHash || null,
    previousSecretValidUntil: Number(previousSecretValidUntil ?? 0),
    role,
    sessionVersion: Number(sessionVersion),
    userAgent: userAgent ?? "",
    createdAt: Number(createdAt),
    lastSeenAt: Number(lastSeenAt),
    idleExpiresAt: Number(idleExpiresAt),
    absoluteExpiresAt: Number(absoluteExpiresAt),
  };
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === "string");
const isNumberPair = (value: unknown): value is [number, number] =>
  Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "number");

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
      // The code, where there is one: a production bundle renames ioredis's error classes.
      const cause = !(error instanceof Error) ? "unknown" : "code" in error && typeof error.code === "string" ? error.code : error.name;
      throw new StoreUnavailableError(`session store (redis) failed: ${cause}`);
    }
  }

  return {
    kind: "redis",

    revokeId: (id, expiresAt) =>
      guarded(async () => {
        if (expiresAt <= Date.now()) return;
        // A second revocation of the same id can lengthen the first (GT), never shorten it.
        const key = keys.revoked(id);
        await client.multi().set(key, "1", "PXAT", expiresAt, "NX").pexpireat(key, expiresAt, "GT").exec();
      }),

    credentialState: (id, userId) =>
      guarded(async () => {
        const [version, revoked] = await client.mget(keys.version(userId), keys.revoked(id));
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

    consumeRefreshToken: (tokenHash, successor, now, graceMs) =>
      guarded(async (): Promise<RefreshOutcome> => {
        const [familyId, userId] = await client.hmget(keys.token(tokenHash), "familyId", "userId");
        if (!familyId || !userId) return { status: "unknown" };
        const scriptKeys = [keys.token(tokenHash), keys.family(familyId), keys.version(Number(userId)), keys.token(successor.tokenHash)];
        const reply: unknown = await client.eval(CONSUME_REFRESH_TOKEN, scriptKeys.length, ...scriptKeys, now, graceMs, successor.ttlMs, familyId);
        if (!isStringArray(reply)) throw new StoreUnavailableError("unexpected reply from the refresh-token script");
        const [status, rotatedUserId, sessionVersion, successorExpiresAt] = reply;
        if (status === "rotated") {
          return { status, userId: Number(rotatedUserId), familyId, sessionVersion: Number(sessionVersion), successorExpiresAt: Number(successorExpiresAt) };
        }
        if (status === "reused" || status === "revoked") return { status, familyId };
        if (status === "unknown" || status === "expired") return { status };
        throw new StoreUnavailableError("unexpected reply from the refresh-token script");
      }),

    refreshFamilyOf: (tokenHash) => guarded(() => client.hget(keys.token(tokenHash), "familyId")),

    revokeRefreshFamily: (familyId, now) =>
      guarded(async () => {
        await client.eval(REVOKE_FAMILY, 1, keys.family(familyId), now);
      }),

    createServerSession: (record) =>
      guarded(async () => {
        const key = keys.session(record.id);
        const { previousSecretHash, ...fields } = record; // a hash holds no null: absent is none
        await client
          .multi()
          .hset(key, previousSecretHash === null ? fields : { ...fields, previousSecretHash })
          .pexpireat(key, Math.min(record.idleExpiresAt, record.absoluteExpiresAt))
          .sadd(keys.userSessions(record.userId), record.id)
          // The index lives as long as its longest session: NX sets a first expiry, GT only ever
          // moves it later (a rotated session keeps its earlier end and must not cut the others off).
          .pexpireat(keys.userSessions(record.userId), record.absoluteExpiresAt, "NX")
          .pexpireat(keys.userSessions(record.userId), record.absoluteExpiresAt, "GT")
          .exec();
      }),

    getServerSession: (id) =>
      guarded(async () => {
        const record = parseSession(await client.hgetall(keys.session(id)));
        const now = Date.now();
        return record && record.idleExpiresAt > now && record.absoluteExpiresAt > now ? record : null;
      }),

    rotateServerSessionSecret: (id, checked, { secretHash, role }, previousValidUntil) =>
      guarded(async () => (await client.eval(ROTATE_SESSION_SECRET, 1, keys.session(id), checked, secretHash, role, previousValidUntil)) === 1),

    touchServerSession: (id, lastSeenAt, idleExpiresAt) =>
      guarded(async () => {
        await client.eval(TOUCH_SESSION, 1, keys.session(id), lastSeenAt, idleExpiresAt);
      }),

    deleteServerSession: (id) =>
      guarded(async () => {
        const userId = await client.hget(keys.session(id), "userId");
        const pipeline = client.multi().del(keys.session(id));
        if (userId !== null) pipeline.srem(keys.userSessions(Number(userId)), id);
        await pipeline.exec();
      }),

    listServerSessions: (userId) =>
      guarded(async () => {
        const ids = await client.smembers(keys.userSessions(userId));
        const now = Date.now();
        const records = await Promise.all(ids.map(async (id) => parseSession(await client.hgetall(keys.session(id)))));
        const live = records.filter((r): r is ServerSessionRecord => r !== null && r.idleExpiresAt > now && r.absoluteExpiresAt > now);
        const dead = ids.filter((id) => !live.some((r) => r.id === id));
        if (dead.length > 0) await client.srem(keys.userSessions(userId), ...dead);
        return live.sort((a, b) => b.createdAt - a.createdAt);
      }),

    recordLoginFailure: (key, windowMs, now) =>
      guarded(async () => {
        const reply: unknown = await client.eval(RECORD_LOGIN_FAILURE, 1, keys.failures(key), now, windowMs);
        if (!isNumberPair(reply)) throw new StoreUnavailableError("unexpected reply from the sign-in failure script");
        const [count, resetsAt] = reply;
        return { count, resetsAt };
      }),

    forgetLoginFailure: (key, window) =>
      guarded(async () => {
        await client.eval(FORGET_LOGIN_FAILURE, 1, keys.failures(key), window.resetsAt ?? "any", window.resetsBy ?? "any");
      }),

    close: async () => {
      client.disconnect();
    },
  };
}
