import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { openDatabase, type Db } from "@/lib/db";
import { redisStore } from "@/lib/store/redis";
import { sqliteStore } from "@/lib/store/sqlite";
import { StoreUnavailableError, type ServerSessionRecord, type SessionStore } from "@/lib/store/types";
import { startRedis } from "../../e2e/support/redis-server";

// Real files, as the app opens them (WAL mode, which an in-memory database silently goes without).
const files = fs.mkdtempSync(path.join(os.tmpdir(), "session-lab-store-"));
afterAll(() => fs.rmSync(files, { recursive: true, force: true }));
const sqliteFile = () => openDatabase(path.join(files, `${randomUUID()}.db`));

// One contract, both implementations: whatever the app does with SQLite, it can do with Redis.
const implementations: [string, () => SessionStore][] = [
  ["sqlite", () => sqliteStore(sqliteFile())],
  ["redis", () => redisStore(inject("redisUrl"))],
];

const NOW = Date.now();
const GRACE = 10_000;
const TTL = 3_600_000;

/** A successor to store with a redemption: the hash of a token nobody has seen. */
const successor = () => ({ tokenHash: randomUUID(), ttlMs: TTL });

/**
 * Waits until the wall clock, which both stores expire entries by, is past `time` (plus a
 * few ms, as Redis reads the clock in its own process). A fixed sleep counts from when it
 * started, and a loaded machine can start it late or wake it early.
 */
async function waitUntilPast(time: number): Promise<void> {
  const deadline = time + 10;
  while (Date.now() <= deadline) await new Promise((resolve) => setTimeout(resolve, deadline - Date.now() + 1));
}

describe.each(implementations)("%s store", (_, create) => {
  const store = create();
  afterAll(() => store.close());
  const userId = 1; // the seeded alice, whom the SQLite schema's foreign keys expect

  it("revokes a credential id, and only that one", async () => {
    const [revoked, other] = [randomUUID(), randomUUID()];
    await store.revokeId(revoked, NOW + 60_000);
    expect((await store.credentialState(revoked, userId)).revoked).toBe(true);
    expect((await store.credentialState(other, userId)).revoked).toBe(false);
  });

  it("lets a second revocation of an id lengthen the first, never shorten it", async () => {
    const id = randomUUID();
    const now = Date.now();
    await store.revokeId(id, now + 10 * 60_000);
    await store.revokeId(id, now + 100);
    await waitUntilPast(now + 100); // Redis would have dropped the key by now
    vi.useFakeTimers({ now: now + 2 * 60_000, toFake: ["Date"] }); // and SQLite's sweep runs again
    try {
      expect((await store.credentialState(id, userId)).revoked).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("moves a user's session version on, one step per sign-out-everywhere", async () => {
    const before = await store.sessionVersion(userId);
    expect(await store.bumpSessionVersion(userId)).toBe(before + 1);
    expect(await store.sessionVersion(userId)).toBe(before + 1);
    expect((await store.credentialState(randomUUID(), userId)).sessionVersion).toBe(before + 1);
    expect(await store.sessionVersion(2)).toBe(0);
  });

  /** A family minted under the user's current session version, and its first token. */
  async function family(expiresAt = NOW + 3_600_000) {
    const familyId = randomUUID();
    await store.createRefreshFamily(familyId, userId, await store.sessionVersion(userId), expiresAt);
    const token = randomUUID();
    await store.addRefreshToken(token, familyId, userId, expiresAt);
    return { familyId, token };
  }

  /** Presents `token` with a fresh successor for it, as a refresh does. */
  const redeem = (token: string, now: number, grace = GRACE, next = successor()) => store.consumeRefreshToken(token, next, now, grace);

  it("rotates a refresh token once, storing its successor in the family, which lives no longer than the family", async () => {
    const version = await store.sessionVersion(userId);
    const familyEnds = NOW + 80 * 60_000;
    const { familyId, token } = await family(familyEnds);
    const next = successor();
    expect(await redeem(token, NOW, GRACE, next)).toEqual({ status: "rotated", userId, familyId, sessionVersion: version, successorExpiresAt: NOW + TTL });
    const last = successor();
    expect(await redeem(next.tokenHash, NOW + 30 * 60_000, GRACE, last)).toMatchObject({ successorExpiresAt: familyEnds });
    expect((await redeem(last.tokenHash, NOW + 30 * 60_000 + 1)).status).toBe("rotated");
  });

  it("revokes a family minted before the user's last sign-out everywhere, its successors too", async () => {
    const { familyId, token } = await family();
    const next = successor();
    await redeem(token, NOW, GRACE, next);
    await store.bumpSessionVersion(userId);
    expect(await redeem(next.tokenHash, NOW + 1000)).toEqual({ status: "revoked", familyId });
    expect(await redeem(token, NOW + 2000)).toEqual({ status: "revoked", familyId });
  });

  it("allows reuse within the grace window, then treats it as theft and revokes the family", async () => {
    const { familyId, token } = await family();
    await redeem(token, NOW);
    const sibling = successor();
    expect((await redeem(token, NOW + GRACE, GRACE, sibling)).status).toBe("rotated");
    expect(await redeem(token, NOW + GRACE + 1)).toEqual({ status: "reused", familyId });
    expect(await redeem(sibling.tokenHash, NOW + GRACE + 2)).toEqual({ status: "revoked", familyId });
  });

  it("with no grace window (0), treats any re-presentation as theft, even in the same millisecond", async () => {
    const { familyId, token } = await family();
    await redeem(token, NOW, 0);
    expect(await redeem(token, NOW, 0)).toEqual({ status: "reused", familyId });
  });

  it("treats a first re-presentation just after the grace window as theft, and revokes the family", async () => {
    const { familyId, token } = await family();
    const next = successor();
    await redeem(token, NOW, GRACE, next);
    expect(await redeem(token, NOW + GRACE + 1)).toEqual({ status: "reused", familyId });
    expect(await redeem(next.tokenHash, NOW + GRACE + 2)).toEqual({ status: "revoked", familyId });
  });

  it("expires a token with its family, even when the token's own expiry is later", async () => {
    // By the clock the caller passes; the real one (Redis keeps its TTLs by it) has a minute to spare.
    const familyExpiresAt = Date.now() + 60_000;
    const familyId = randomUUID();
    await store.createRefreshFamily(familyId, userId, await store.sessionVersion(userId), familyExpiresAt);
    const token = randomUUID();
    await store.addRefreshToken(token, familyId, userId, familyExpiresAt + 3_600_000);
    expect(await redeem(token, familyExpiresAt)).toEqual({ status: "expired" });
  });

  it("expires a token at its own expiry, while its family lives on", async () => {
    const { familyId } = await family();
    const expiresAt = Date.now() + 60_000; // Redis keeps the key by the real clock: a minute to spare
    const token = randomUUID();
    await store.addRefreshToken(token, familyId, userId, expiresAt);
    expect(await redeem(token, expiresAt)).toEqual({ status: "expired" });
    expect((await redeem(token, expiresAt - 1)).status).toBe("rotated");
  });

  it("answers unknown, expired and revoked, and stores no successor for them", async () => {
    const next = successor();
    expect(await redeem(randomUUID(), NOW, GRACE, next)).toEqual({ status: "unknown" });
    // Expired by the clock the caller passes; the real one (Redis keeps its TTL by it) has a minute to spare.
    const expiresAt = Date.now() + 60_000;
    const short = await family(expiresAt);
    expect(await redeem(short.token, expiresAt, GRACE, next)).toEqual({ status: "expired" });
    const loggedOut = await family();
    expect(await store.refreshFamilyOf(loggedOut.token)).toBe(loggedOut.familyId);
    await store.revokeRefreshFamily(loggedOut.familyId, NOW);
    expect(await redeem(loggedOut.token, NOW, GRACE, next)).toEqual({ status: "revoked", familyId: loggedOut.familyId });
    expect(await store.refreshFamilyOf(randomUUID())).toBeNull();
    await expect(store.revokeRefreshFamily(randomUUID(), NOW)).resolves.toBeUndefined(); // an unknown family: nothing to end
    expect(await redeem(next.tokenHash, NOW)).toEqual({ status: "unknown" });
  });

  it("gives a second tab one successor within the grace window, and leaves the family working", async () => {
    const { token } = await family();
    const [tabA, tabB] = [successor(), successor()];
    expect((await redeem(token, NOW, GRACE, tabA)).status).toBe("rotated");
    expect((await redeem(token, NOW + 1000, GRACE, tabB)).status).toBe("rotated");
    expect((await redeem(tabA.tokenHash, NOW + 2000)).status).toBe("rotated");
    expect((await redeem(tabB.tokenHash, NOW + 2000)).status).toBe("rotated");
  });

  it("refuses a third presentation even within the grace window, and revokes the family", async () => {
    const { familyId, token } = await family();
    const next = successor();
    await redeem(token, NOW, GRACE, next);
    await redeem(token, NOW + 1000);
    expect(await redeem(token, NOW + 2000)).toEqual({ status: "reused", familyId });
    expect(await redeem(next.tokenHash, NOW + 3000)).toEqual({ status: "revoked", familyId });
  });

  it("lets many presentations of a spent token racing within the window take the grace redemption once", async () => {
    const { familyId, token } = await family();
    const next = successor();
    await redeem(token, NOW, GRACE, next);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => redeem(token, NOW + 1000)));
    expect(outcomes.filter((o) => o.status === "rotated")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "reused")).toHaveLength(1); // and the family is revoked: the rest are told so
    expect(await redeem(next.tokenHash, NOW + 2000)).toEqual({ status: "revoked", familyId });
  });

  it("counts requests racing with a fresh token as its use and its one grace redemption, and the rest as reuse", async () => {
    const { token } = await family();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => redeem(token, NOW)));
    expect(outcomes.map((o) => o.status).sort()).toEqual(["reused", ...Array<string>(17).fill("revoked"), "rotated", "rotated"]);
  });
});

describe("sqlite store: a redemption and its successor are one transaction", () => {
  const db = sqliteFile();
  const store = sqliteStore(db);
  afterAll(() => db.close());

  it("leaves the token unspent when its successor cannot be stored, so the retry is its first use, not reuse", async () => {
    const familyId = randomUUID();
    await store.createRefreshFamily(familyId, 1, 0, NOW + 3_600_000);
    const [token, taken] = [randomUUID(), randomUUID()];
    await store.addRefreshToken(token, familyId, 1, NOW + 3_600_000);
    await store.addRefreshToken(taken, familyId, 1, NOW + 3_600_000);
    // A successor whose hash is already stored makes its INSERT fail, after the UPDATE that spent the token.
    await expect(store.consumeRefreshToken(token, { tokenHash: taken, ttlMs: TTL }, NOW, GRACE)).rejects.toThrow();
    expect((await store.consumeRefreshToken(token, successor(), NOW + GRACE + 1, GRACE)).status).toBe("rotated");
  });
});

describe("sqlite store on a database file from an older version", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "session-lab-migrate-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /**
   * A file taken back to an older schema by `rewind` (with rows of its time), then opened
   * again as the app opens it: migrated. Each rewind drops what later migrations added too.
   */
  async function upgraded(rewind: string, rows: (old: Db) => void, check: (store: SessionStore) => Promise<void>) {
    const file = path.join(dir, `${randomUUID()}.db`);
    const old = openDatabase(file);
    old.exec(rewind);
    rows(old);
    old.close();
    const db = openDatabase(file);
    try {
      await check(sqliteStore(db));
    } finally {
      db.close();
    }
  }

  it("from before the grace redemption was recorded: a token used just before the upgrade still gets its one grace redemption", async () => {
    await upgraded(
      `ALTER TABLE refresh_tokens DROP COLUMN grace_used_at;
       ALTER TABLE server_sessions DROP COLUMN previous_secret_hash;
       ALTER TABLE server_sessions DROP COLUMN previous_secret_valid_until;
       PRAGMA user_version = 5`,
      (old) => {
        old.prepare("INSERT INTO refresh_families (id, user_id, session_version, expires_at) VALUES ('f', 1, 0, ?)").run(NOW + 3_600_000);
        old
          .prepare("INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at, used_at) VALUES ('t', 'f', 1, ?, ?)")
          .run(NOW + 3_600_000, NOW);
      },
      async (store) => {
        expect((await store.consumeRefreshToken("t", successor(), NOW + 1000, GRACE)).status).toBe("rotated");
        expect((await store.consumeRefreshToken("t", successor(), NOW + 2000, GRACE)).status).toBe("reused");
      },
    );
  });

  it("from before a change of role rotated a session's secret: a session stored before has no replaced secret", async () => {
    await upgraded(
      `ALTER TABLE server_sessions DROP COLUMN previous_secret_hash;
       ALTER TABLE server_sessions DROP COLUMN previous_secret_valid_until;
       PRAGMA user_version = 7`,
      (old) => {
        old
          .prepare(
            `INSERT INTO server_sessions (id, user_id, secret_hash, role, session_version, user_agent, created_at, last_seen_at, idle_expires_at, absolute_expires_at)
             VALUES ('s', 1, ?, 'member', 0, 'old', ?, ?, ?, ?)`,
          )
          .run("ab".repeat(32), NOW, NOW, NOW + 60_000, NOW + 3_600_000);
      },
      async (store) => {
        expect(await store.getServerSession("s")).toMatchObject({ secretHash: "ab".repeat(32), previousSecretHash: null, previousSecretValidUntil: 0 });
      },
    );
  });
});

describe("redis store shared by several instances", () => {
  const instances = Array.from({ length: 5 }, () => redisStore(inject("redisUrl")));
  afterAll(() => Promise.all(instances.map((instance) => instance.close())));

  it("lets instances racing with one spent token take its grace redemption once between them", async () => {
    const [first, ...others] = instances as [SessionStore, ...SessionStore[]];
    const [familyId, token] = [randomUUID(), randomUUID()];
    await first.createRefreshFamily(familyId, 1, await first.sessionVersion(1), NOW + 3_600_000);
    await first.addRefreshToken(token, familyId, 1, NOW + 3_600_000);
    await first.consumeRefreshToken(token, successor(), NOW, GRACE);
    const outcomes = await Promise.all(
      others.flatMap((instance) => Array.from({ length: 4 }, () => instance.consumeRefreshToken(token, successor(), NOW + 1000, GRACE))),
    );
    expect(outcomes.filter((o) => o.status === "rotated")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "reused")).toHaveLength(1);
  });
});

describe.each(implementations)("%s store: server-side sessions", (_, create) => {
  const store = create();
  afterAll(() => store.close());
  const record = (overrides: Partial<ServerSessionRecord> = {}): ServerSessionRecord => ({
    id: randomUUID(),
    userId: 2,
    secretHash: "ab".repeat(32),
    previousSecretHash: null,
    previousSecretValidUntil: 0,
    role: "member",
    sessionVersion: 0,
    userAgent: "test",
    createdAt: Date.now(),
    lastSeenAt: Date.now(),
    idleExpiresAt: Date.now() + 60_000,
    absoluteExpiresAt: Date.now() + 3_600_000,
    ...overrides,
  });

  it("stores, finds, touches and deletes a session", async () => {
    const session = record();
    await store.createServerSession(session);
    expect(await store.getServerSession(session.id)).toEqual(session);
    await store.touchServerSession(session.id, session.lastSeenAt + 1000, session.idleExpiresAt + 1000);
    expect(await store.getServerSession(session.id)).toMatchObject({ lastSeenAt: session.lastSeenAt + 1000, idleExpiresAt: session.idleExpiresAt + 1000 });
    await store.deleteServerSession(session.id);
    expect(await store.getServerSession(session.id)).toBeNull();
  });

  it("rotates a session's secret only while it is the one the caller checked, keeping the one it replaced", async () => {
    const session = record();
    await store.createServerSession(session);
    const next = { secretHash: "cd".repeat(32), role: "admin" as const };
    const racing = await Promise.all([1, 2, 3].map(() => store.rotateServerSessionSecret(session.id, session.secretHash, next, NOW + GRACE)));
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(await store.getServerSession(session.id)).toEqual({
      ...session,
      ...next,
      previousSecretHash: session.secretHash,
      previousSecretValidUntil: NOW + GRACE,
    });
    expect(await store.rotateServerSessionSecret(session.id, session.secretHash, { secretHash: "ef".repeat(32), role: "member" }, NOW + GRACE)).toBe(false);
  });

  it("re-creates no session that was deleted, whether touched or rotated afterwards", async () => {
    const session = record();
    await store.createServerSession(session);
    await store.deleteServerSession(session.id);
    await store.touchServerSession(session.id, Date.now(), Date.now() + 60_000);
    expect(await store.rotateServerSessionSecret(session.id, session.secretHash, { secretHash: "cd".repeat(32), role: "admin" }, NOW + GRACE)).toBe(false);
    expect(await store.getServerSession(session.id)).toBeNull();
    expect(await store.listServerSessions(session.userId)).not.toContainEqual(expect.objectContaining({ id: session.id }));
  });

  it("never extends the idle expiry past the absolute one", async () => {
    const session = record({ absoluteExpiresAt: Date.now() + 120_000 });
    await store.createServerSession(session);
    await store.touchServerSession(session.id, Date.now(), Date.now() + 3_600_000);
    expect((await store.getServerSession(session.id))?.idleExpiresAt).toBe(session.absoluteExpiresAt);
  });

  it("does not return an expired session", async () => {
    const session = record({ idleExpiresAt: Date.now() + 50 });
    await store.createServerSession(session);
    await waitUntilPast(session.idleExpiresAt);
    expect(await store.getServerSession(session.id)).toBeNull();
  });

  it("a session that ends sooner (a rotated one keeps its first end) never hides a later one from the list", async () => {
    const later = record({ absoluteExpiresAt: Date.now() + 60_000 });
    const sooner = record({ idleExpiresAt: Date.now() + 100, absoluteExpiresAt: Date.now() + 100 });
    await store.createServerSession(later);
    await store.createServerSession(sooner);
    await waitUntilPast(sooner.absoluteExpiresAt);
    const listed = (await store.listServerSessions(sooner.userId)).map((s) => s.id);
    expect(listed).toContain(later.id);
    expect(listed).not.toContain(sooner.id);
  });

  it("lists a user's live sessions, newest first", async () => {
    const [a, b] = [record({ userId: 1, createdAt: 1 }), record({ userId: 1, createdAt: 2 })];
    await store.createServerSession(a);
    await store.createServerSession(b);
    const listed = (await store.listServerSessions(1)).map((s) => s.id);
    expect(listed).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(listed.indexOf(b.id)).toBeLessThan(listed.indexOf(a.id));
  });
});

describe.each(implementations)("%s store: failed sign-ins", (_, create) => {
  const store = create();
  afterAll(() => store.close());

  it("counts failures in a window, and takes one back", async () => {
    const key = `account:${randomUUID()}`;
    const now = Date.now();
    expect((await store.recordLoginFailure(key, 60_000, now)).count).toBe(1);
    const second = await store.recordLoginFailure(key, 60_000, now + 10);
    expect(second.count).toBe(2);
    expect(second.resetsAt).toBeGreaterThanOrEqual(now + 59_000);
    await store.forgetLoginFailure(key, { resetsAt: second.resetsAt });
    expect((await store.recordLoginFailure(key, 60_000, now + 20)).count).toBe(2);
    await store.forgetLoginFailure(key, { resetsBy: now + 60_020 }); // the lab's clean-up, answered at now + 20
    expect((await store.recordLoginFailure(key, 60_000, now + 30)).count).toBe(2);
  });

  it("counts on an instance whose clock is behind the store's", async () => {
    const key = `account:${randomUUID()}`;
    const behind = Date.now() - 16 * 60_000;
    const counts = [];
    for (let i = 0; i < 3; i++) counts.push((await store.recordLoginFailure(key, 15 * 60_000, behind + i)).count);
    expect(counts).toEqual([1, 2, 3]);
  });

  it("takes a failure back only from the window that counted it", async () => {
    const key = `account:${randomUUID()}`;
    const now = Date.now();
    const old = await store.recordLoginFailure(key, 1_000, now);
    const current = await store.recordLoginFailure(key, 60_000, now + 1_000); // the old window has ended
    expect([current.count, current.resetsAt]).toEqual([1, now + 61_000]);
    await store.forgetLoginFailure(key, { resetsAt: old.resetsAt }); // answered after its window ended: nothing to take back
    expect((await store.recordLoginFailure(key, 60_000, now + 1_010)).count).toBe(2);
  });

  it("takes the lab's failure back only from a window started by the time it was answered", async () => {
    const key = `account:${randomUUID()}`;
    const now = Date.now();
    await store.recordLoginFailure(key, 1_000, now); // the lab's guess, answered at now + 5
    const next = await store.recordLoginFailure(key, 60_000, now + 1_000); // another's guess, in a new window
    await store.forgetLoginFailure(key, { resetsBy: now + 5 + 1_000 });
    expect((await store.recordLoginFailure(key, 60_000, now + 1_010)).count).toBe(2);
    await store.forgetLoginFailure(key, { resetsBy: next.resetsAt }); // a window that was current then
    expect((await store.recordLoginFailure(key, 60_000, now + 1_020)).count).toBe(2);
  });

  it("counts attempts sent at once one by one", async () => {
    const key = `account:${randomUUID()}`;
    const counts = await Promise.all(Array.from({ length: 20 }, () => store.recordLoginFailure(key, 60_000, Date.now())));
    expect(counts.map(({ count }) => count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("takes nothing back from a count that is not there, and never goes below 0", async () => {
    const key = `account:${randomUUID()}`;
    await store.forgetLoginFailure(key, { resetsBy: Date.now() + 60_000 });
    const { resetsAt } = await store.recordLoginFailure(key, 60_000, Date.now());
    await store.forgetLoginFailure(key, { resetsAt });
    await store.forgetLoginFailure(key, { resetsAt });
    expect((await store.recordLoginFailure(key, 60_000, Date.now())).count).toBe(1);
  });

  it("starts a new window once the old one has passed", async () => {
    const key = `account:${randomUUID()}`;
    await store.recordLoginFailure(key, 50, Date.now());
    await waitUntilPast(Date.now() + 50); // Redis starts the window when the command reaches it, before this
    expect((await store.recordLoginFailure(key, 60_000, Date.now())).count).toBe(1);
  });
});

describe("redis store when Redis is down", () => {
  it("fails closed, and recovers by itself when Redis returns", async () => {
    const redis = await startRedis();
    const store = redisStore(redis.url);
    try {
      await store.revokeId("before-outage", Date.now() + 60_000);
      await redis.stop();

      // How soon is lib/store/redis.ts's settings (a 1 s command timeout, one retry); a hang fails the test's timeout.
      await expect(store.credentialState("before-outage", 1)).rejects.toBeInstanceOf(StoreUnavailableError);

      const back = await startRedis(redis.port);
      try {
        await expect.poll(() => store.sessionVersion(1).catch(() => "down"), { timeout: 10_000, interval: 200 }).toBe(0);
      } finally {
        await back.stop();
      }
    } finally {
      await store.close();
    }
  }, 20_000);
});
