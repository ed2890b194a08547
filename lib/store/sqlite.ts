import "server-only";
import type Database from "better-sqlite3";
import type { Role } from "../users";
import type { RefreshOutcome, RefreshSuccessor, ServerSessionRecord, SessionStore } from "./types";

interface ServerSessionRow {
  id: string;
  user_id: number;
  secret_hash: string;
  previous_secret_hash: string | null;
  previous_secret_valid_until: number;
  role: Role;
  session_version: number;
  user_agent: string;
  created_at: number;
  last_seen_at: number;
  idle_expires_at: number;
  absolute_expires_at: number;
}

const toRecord = (row: ServerSessionRow): ServerSessionRecord => ({
  id: row.id,
  userId: row.user_id,
  secretHash: row.secret_hash,
  previousSecretHash: row.previous_secret_hash,
  previousSecretValidUntil: row.previous_secret_valid_until,
  role: row.role,
  sessionVersion: row.session_version,
  userAgent: row.user_agent,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  idleExpiresAt: row.idle_expires_at,
  absoluteExpiresAt: row.absolute_expires_at,
});

interface TokenRow {
  family_id: string;
  user_id: number;
  expires_at: number;
  family_expires_at: number;
  revoked_at: number | null;
  session_version: number;
}

/** The embedded store: the app's own SQLite file, no other process needed (one instance). */
export function sqliteStore(db: Database.Database): SessionStore {
  const statements = {
    // A second revocation of the same id can lengthen the first, never shorten it.
    revoke: db.prepare(
      `INSERT INTO revoked_ids (id, expires_at) VALUES (?, ?)
       ON CONFLICT (id) DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)`,
    ),
    // No expiry filter: an expired credential fails its own expiry check first, and the sweep removes the row.
    credentialState: db.prepare<[string, number], { revoked: number; version: number }>(
      `SELECT EXISTS (SELECT 1 FROM revoked_ids WHERE id = ?) AS revoked,
              coalesce((SELECT version FROM session_versions WHERE user_id = ?), 0) AS version`,
    ),
    version: db.prepare<[number], { version: number }>("SELECT version FROM session_versions WHERE user_id = ?"),
    bump: db.prepare<[number], { version: number }>(
      `INSERT INTO session_versions (user_id, version) VALUES (?, 1)
       ON CONFLICT (user_id) DO UPDATE SET version = version + 1 RETURNING version`,
    ),
    purgeRevoked: db.prepare("DELETE FROM revoked_ids WHERE expires_at <= ?"),
    createFamily: db.prepare("INSERT INTO refresh_families (id, user_id, session_version, expires_at) VALUES (?, ?, ?, ?)"),
    addToken: db.prepare("INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at) VALUES (?, ?, ?, ?)"),
    findToken: db.prepare<[string], TokenRow>(
      `SELECT t.family_id, t.user_id, t.expires_at, f.expires_at AS family_expires_at, f.revoked_at, f.session_version
         FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family_id
        WHERE t.token_hash = ?`,
    ),
    // A token's two redemptions: its first use, and one more within the grace window (a second
    // tab). Each UPDATE changes a row only if that redemption is still free, so of two requests
    // racing for it one gets it and the other finds nothing to change.
    markUsed: db.prepare("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"),
    takeGrace: db.prepare<[{ hash: string; now: number; grace: number }]>(
      `UPDATE refresh_tokens SET grace_used_at = @now
        WHERE token_hash = @hash AND used_at IS NOT NULL AND grace_used_at IS NULL AND @grace > 0 AND @now - used_at <= @grace`,
    ),
    revokeFamily: db.prepare("UPDATE refresh_families SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"),
    purgeFamilies: db.prepare("DELETE FROM refresh_families WHERE expires_at <= ?"),
    purgeTokens: db.prepare("DELETE FROM refresh_tokens WHERE expires_at <= ?"),
    createSession: db.prepare(
      `INSERT INTO server_sessions (id, user_id, secret_hash, previous_secret_hash, previous_secret_valid_until, role, session_version,
                                    user_agent, created_at, last_seen_at, idle_expires_at, absolute_expires_at)
       VALUES (@id, @userId, @secretHash, @previousSecretHash, @previousSecretValidUntil, @role, @sessionVersion,
               @userAgent, @createdAt, @lastSeenAt, @idleExpiresAt, @absoluteExpiresAt)`,
    ),
    // Changes the row only while the secret is the one the caller checked: one of two racing rotations wins.
    rotateSecret: db.prepare<[{ id: string; checked: string; secretHash: string; role: Role; previousValidUntil: number }]>(
      `UPDATE server_sessions
          SET previous_secret_hash = secret_hash, previous_secret_valid_until = @previousValidUntil, secret_hash = @secretHash, role = @role
        WHERE id = @id AND secret_hash = @checked`,
    ),
    getSession: db.prepare<[string, number, number], ServerSessionRow>(
      "SELECT * FROM server_sessions WHERE id = ? AND idle_expires_at > ? AND absolute_expires_at > ?",
    ),
    touchSession: db.prepare("UPDATE server_sessions SET last_seen_at = ?, idle_expires_at = min(?, absolute_expires_at) WHERE id = ?"),
    deleteSession: db.prepare("DELETE FROM server_sessions WHERE id = ?"),
    listSessions: db.prepare<[number, number, number], ServerSessionRow>(
      "SELECT * FROM server_sessions WHERE user_id = ? AND idle_expires_at > ? AND absolute_expires_at > ? ORDER BY created_at DESC",
    ),
    recordFailure: db.prepare<[{ key: string; now: number; window: number }], { count: number; resets_at: number }>(
      `INSERT INTO login_failures (key, count, resets_at) VALUES (@key, 1, @now + @window)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN resets_at > @now THEN count + 1 ELSE 1 END,
         resets_at = CASE WHEN resets_at > @now THEN resets_at ELSE @now + @window END
       RETURNING count, resets_at`,
    ),
    forgetFailure: db.prepare<[{ key: string; resetsAt: number | null; resetsBy: number | null }]>(
      "UPDATE login_failures SET count = count - 1 WHERE key = @key AND resets_at = coalesce(@resetsAt, resets_at) AND resets_at <= coalesce(@resetsBy, resets_at) AND count > 0",
    ),
    purgeFailures: db.prepare("DELETE FROM login_failures WHERE resets_at <= ?"),
    purgeSessions: db.prepare("DELETE FROM server_sessions WHERE idle_expires_at <= ? OR absolute_expires_at <= ?"),
  };

  // Expired rows are dead weight, never a risk: sweep them now and then.
  let nextSweep = 0;
  const sweep = (now: number) => {
    if (now < nextSweep) return;
    nextSweep = now + 60_000;
    statements.purgeRevoked.run(now);
    statements.purgeTokens.run(now);
    statements.purgeFamilies.run(now);
    statements.purgeSessions.run(now, now);
    statements.purgeFailures.run(now);
  };

  const consume = db.transaction((tokenHash: string, successor: RefreshSuccessor, now: number, graceMs: number): RefreshOutcome => {
    const row = statements.findToken.get(tokenHash);
    if (!row) return { status: "unknown" };
    if (row.revoked_at !== null) return { status: "revoked", familyId: row.family_id };
    if (row.expires_at <= now || row.family_expires_at <= now) return { status: "expired" };
    if ((statements.version.get(row.user_id)?.version ?? 0) !== row.session_version) {
      statements.revokeFamily.run(now, row.family_id); // signed out everywhere since it was minted
      return { status: "revoked", familyId: row.family_id };
    }
    const redeemed =
      statements.markUsed.run(now, tokenHash).changes === 1 ||
      statements.takeGrace.run({ hash: tokenHash, now, grace: graceMs }).changes === 1;
    if (!redeemed) {
      statements.revokeFamily.run(now, row.family_id);
      return { status: "reused", familyId: row.family_id };
    }
    const successorExpiresAt = Math.min(now + successor.ttlMs, row.family_expires_at);
    statements.addToken.run(successor.tokenHash, row.family_id, row.user_id, successorExpiresAt);
    return { status: "rotated", userId: row.user_id, familyId: row.family_id, sessionVersion: row.session_version, successorExpiresAt };
  });

  return {
    kind: "sqlite",
    async revokeId(id, expiresAt) {
      statements.revoke.run(id, expiresAt);
    },
    async credentialState(id, userId) {
      sweep(Date.now());
      const row = statements.credentialState.get(id, userId);
      return { revoked: row?.revoked === 1, sessionVersion: row?.version ?? 0 };
    },
    async sessionVersion(userId) {
      return statements.version.get(userId)?.version ?? 0;
    },
    async bumpSessionVersion(userId) {
      return statements.bump.get(userId)?.version ?? 0;
    },
    async createRefreshFamily(familyId, userId, sessionVersion, expiresAt) {
      statements.createFamily.run(familyId, userId, sessionVersion, expiresAt);
    },
    async addRefreshToken(tokenHash, familyId, userId, expiresAt) {
      statements.addToken.run(tokenHash, familyId, userId, expiresAt);
    },
    async consumeRefreshToken(tokenHash, successor, now, graceMs) {
      // IMMEDIATE: the write lock is taken before the read, so another process sharing the
      // file waits its turn instead of failing on a snapshot that went stale.
      return consume.immediate(tokenHash, successor, now, graceMs);
    },
    async refreshFamilyOf(tokenHash) {
      return statements.findToken.get(tokenHash)?.family_id ?? null;
    },
    async revokeRefreshFamily(familyId, now) {
      statements.revokeFamily.run(now, familyId);
    },
    async createServerSession(record) {
      statements.createSession.run(record);
    },
    async getServerSession(id) {
      const now = Date.now();
      sweep(now);
      const row = statements.getSession.get(id, now, now);
      return row ? toRecord(row) : null;
    },
    async rotateServerSessionSecret(id, checked, { secretHash, role }, previousValidUntil) {
      return statements.rotateSecret.run({ id, checked, secretHash, role, previousValidUntil }).changes === 1;
    },
    async touchServerSession(id, lastSeenAt, idleExpiresAt) {
      statements.touchSession.run(lastSeenAt, idleExpiresAt, id);
    },
    async deleteServerSession(id) {
      statements.deleteSession.run(id);
    },
    async listServerSessions(userId) {
      const now = Date.now();
      return statements.listSessions.all(userId, now, now).map(toRecord);
    },
    async recordLoginFailure(key, windowMs, now) {
      const row = statements.recordFailure.get({ key, now, window: windowMs });
      return row ? { count: row.count, resetsAt: row.resets_at } : { count: 1, resetsAt: now + windowMs };
    },
    async forgetLoginFailure(key, window) {
      statements.forgetFailure.run({ key, resetsAt: window.resetsAt ?? null, resetsBy: window.resetsBy ?? null });
    },
    async close() {
      // The connection belongs to lib/db.ts, which outlives the store.
    },
  };
}
