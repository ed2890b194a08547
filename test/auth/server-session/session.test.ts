import { describe, expect, it } from "vitest";
import { PREVIOUS_SECRET_GRACE_MS, touchIntervalMs } from "@/lib/auth/server-session/config";
import {
  createSession,
  findUserSession,
  invalidateSession,
  listUserSessions,
  MAX_SESSIONS_PER_USER,
  rotateSession,
  validateSessionToken,
} from "@/lib/auth/server-session/session";
import { getServerSessionUser } from "@/lib/auth/server-session/guard";
import { db } from "@/lib/db";
import { CrossSiteError } from "@/lib/errors";
import { signOutEverywhere } from "@/lib/store";
import { request } from "../../support/requests";
import { createUser } from "../../support/users";

/** {@link rotateSession} where no other request can have rotated the session first. */
async function rotateOrFail(...args: Parameters<typeof rotateSession>) {
  const rotated = await rotateSession(...args);
  if (!rotated) throw new Error("the session was rotated already");
  return rotated;
}

describe("server-side sessions", () => {
  it("hands out id.secret with 128 + 256 random bits and keeps only the secret's hash", async () => {
    const user = createUser();
    const { token, session } = await createSession(user, "test-agent");
    const [id, secret] = token.split(".");
    expect(id).toHaveLength(22); // 16 bytes, base64url
    expect(secret).toHaveLength(43); // 32 bytes, base64url
    expect(session.secretHash).toMatch(/^[0-9a-f]{64}$/);
    const stored = db().prepare<[string], { secret_hash: string }>("SELECT secret_hash FROM server_sessions WHERE id = ?").get(id ?? "");
    expect(stored?.secret_hash).toBe(session.secretHash);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect((await validateSessionToken(token)).ok).toBe(true);
  });

  it("refuses a wrong secret, a made-up id, and any other shape", async () => {
    const { token } = await createSession(createUser(), null);
    const [id] = token.split(".");
    for (const bad of [`${id}.${"A".repeat(43)}`, `${"A".repeat(22)}.${"A".repeat(43)}`, id ?? "", "", "a.b", `${token}x`, `${token}.x`]) {
      expect(await validateSessionToken(bad)).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("a new id at every sign-in: two sign-ins never share one", async () => {
    const user = createUser();
    const a = await createSession(user, null);
    const b = await createSession(user, null);
    expect(a.session.id).not.toBe(b.session.id);
  });

  it("ends at once on logout, for every copy", async () => {
    const { token, session } = await createSession(createUser(), null);
    await invalidateSession(session.id);
    expect(await validateSessionToken(token)).toEqual({ ok: false, reason: "invalid" });
  });

  it("expires when idle, and absolutely, whatever the activity", async () => {
    const now = Date.now();
    const { token } = await createSession(createUser(), null, now - 31 * 60 * 1000); // idle for 31 min
    expect((await validateSessionToken(token)).ok).toBe(false);
    const old = await createSession(createUser(), null, now - 9 * 3600 * 1000); // past the 8 h absolute limit
    db().prepare("UPDATE server_sessions SET idle_expires_at = ? WHERE id = ?").run(now + 60_000, old.session.id);
    expect((await validateSessionToken(old.token)).ok).toBe(false);
  });

  it("checks the expiry itself, by the clock it is given: it does not lean on the store to drop expired sessions", async () => {
    const { token, session } = await createSession(createUser(), null);
    expect((await validateSessionToken(token, session.idleExpiresAt - 1)).ok).toBe(true);
    expect(await validateSessionToken(token, session.absoluteExpiresAt)).toEqual({ ok: false, reason: "expired" });
    const idle = await createSession(createUser(), null);
    expect(await validateSessionToken(idle.token, idle.session.idleExpiresAt)).toEqual({ ok: false, reason: "expired" });
    // An expired session found is deleted: nothing is left to find by the real clock either.
    expect((await validateSessionToken(idle.token)).ok).toBe(false);
  });

  it("extends the idle expiry at most once per 5 minutes", async () => {
    const now = Date.now();
    const { token, session } = await createSession(createUser(), null, now);
    const soon = await validateSessionToken(token, now + 60_000);
    expect(soon.ok && soon.session.lastSeenAt).toBe(session.lastSeenAt); // no write
    const later = await validateSessionToken(token, now + 6 * 60_000);
    expect(later.ok && later.session.lastSeenAt).toBe(now + 6 * 60_000);
  });

  it("never moves the idle expiry past the absolute one when it touches", async () => {
    const now = Date.now();
    const { token, session } = await createSession(createUser(), null, now - (8 * 60 - 2) * 60_000); // 2 min of its 8 h left
    db().prepare("UPDATE server_sessions SET idle_expires_at = ? WHERE id = ?").run(session.absoluteExpiresAt, session.id);
    const touched = await validateSessionToken(token, now);
    expect(touched).toMatchObject({ ok: true, session: { lastSeenAt: now, idleExpiresAt: session.absoluteExpiresAt } });
  });

  it("touches a short idle limit often enough for a session in use to live on", () => {
    expect(touchIntervalMs(30 * 60_000)).toBe(5 * 60_000);
    expect(touchIntervalMs(60_000)).toBe(30_000); // the shortest idle limit the settings allow
  });

  it("rotates the secret of the same session: same id, no longer, and not past a sign out everywhere", async () => {
    const user = createUser();
    const now = Date.now();
    const { token, session } = await createSession(user, "phone", now - 10 * 60_000);
    const rotated = await rotateOrFail(session, { ...user, role: "admin" }, now);
    expect(rotated.session).toMatchObject({ id: session.id, role: "admin", userAgent: "phone", createdAt: session.createdAt, absoluteExpiresAt: session.absoluteExpiresAt });
    expect(rotated.token).not.toBe(token);
    expect(await validateSessionToken(rotated.token, now)).toMatchObject({ ok: true, current: true, session: { role: "admin" } });

    // A sign out everywhere landing between the check of the session and its rotation.
    await signOutEverywhere(user.id);
    const late = await rotateOrFail(rotated.session, user, now);
    expect(await validateSessionToken(late.token, now)).toEqual({ ok: false, reason: "revoked" });
  });

  it("accepts the replaced secret for 10 s only, so a cookie planted before the change of role is soon worthless", async () => {
    const user = createUser();
    const { token, session } = await createSession(user, null);
    const now = Date.now();
    const rotated = await rotateOrFail(session, { ...user, role: "admin" }, now);
    expect(await validateSessionToken(token, now + PREVIOUS_SECRET_GRACE_MS - 1)).toMatchObject({ ok: true, current: false });
    expect(await validateSessionToken(token, now + PREVIOUS_SECRET_GRACE_MS)).toEqual({ ok: false, reason: "invalid" });
    expect(await validateSessionToken(rotated.token, now + PREVIOUS_SECRET_GRACE_MS)).toMatchObject({ ok: true, current: true });
  });

  it("refuses the replaced secret from 10 s after the change of role on, the grace the README promises", async () => {
    const user = createUser();
    const { token, session } = await createSession(user, null);
    const now = Date.now();
    await rotateOrFail(session, { ...user, role: "admin" }, now);
    expect(await validateSessionToken(token, now + 10_000)).toEqual({ ok: false, reason: "invalid" });
  });

  it("gives one new secret between requests racing to rotate a session", async () => {
    const user = createUser();
    const { session } = await createSession(user, null);
    const promoted = { ...user, role: "admin" as const };
    const racing = await Promise.all([1, 2, 3].map(() => rotateSession(session, promoted)));
    expect(racing.filter((rotated) => rotated !== null)).toHaveLength(1);
  });

  it("ends every copy at sign-out, whichever secret it holds: the id stays through a rotation", async () => {
    const user = createUser();
    const { token, session } = await createSession(user, null);
    const rotated = await rotateOrFail(session, { ...user, role: "admin" });
    await invalidateSession(session.id);
    expect(await validateSessionToken(token)).toEqual({ ok: false, reason: "invalid" });
    expect(await validateSessionToken(rotated.token)).toEqual({ ok: false, reason: "invalid" });
  });

  it("is revoked by sign out everywhere, and lists a user's sessions", async () => {
    const user = createUser();
    const phone = await createSession(user, "phone");
    const laptop = await createSession(user, "laptop");
    expect((await listUserSessions(user.id)).map((s) => s.userAgent).sort()).toEqual(["laptop", "phone"]);
    await signOutEverywhere(user.id);
    expect(await listUserSessions(user.id)).toEqual([]); // dead, even before anyone presents them
    expect(await validateSessionToken(phone.token)).toEqual({ ok: false, reason: "revoked" });
    expect(await validateSessionToken(laptop.token)).toEqual({ ok: false, reason: "revoked" });
  });

  it("finds one of the user's own live sessions by id, and nobody else's", async () => {
    const [user, other] = [createUser(), createUser()];
    const { session } = await createSession(user, "phone");
    expect(await findUserSession(user.id, session.id)).toMatchObject({ id: session.id, userAgent: "phone" });
    expect(await findUserSession(other.id, session.id)).toBeNull();
    expect(await findUserSession(user.id, "no-such-session-id")).toBeNull();
    await signOutEverywhere(user.id);
    expect(await findUserSession(user.id, session.id)).toBeNull();
  });

  it(`keeps at most ${MAX_SESSIONS_PER_USER} sessions a user: one more sign-in ends the one unused longest`, async () => {
    const user = createUser();
    const base = Date.now();
    const minutes = (n: number) => n * 60_000;
    const inUse = await createSession(user, "signed in first, used a minute ago", base - minutes(20));
    expect((await validateSessionToken(inUse.token, base - minutes(1))).ok).toBe(true);
    const later = [];
    for (let i = 0; i <= MAX_SESSIONS_PER_USER; i++) later.push(await createSession(user, `sign-in ${i}`, base - minutes(15) + i * 1000));
    const live = await listUserSessions(user.id);
    expect(live).toHaveLength(MAX_SESSIONS_PER_USER);
    expect(live.map((s) => s.id)).toContain(inUse.session.id);
    // The two sign-ins seen least recently went, not the first one, which is in use.
    for (const ended of later.slice(0, 2)) expect(await validateSessionToken(ended.token, base)).toEqual({ ok: false, reason: "invalid" });
    expect((await validateSessionToken(later[2]?.token ?? "", base)).ok).toBe(true);
  });

  it("the guard reads the cookie and refuses cross-site writes", async () => {
    const user = createUser();
    const { token } = await createSession(user, null);
    const auth = await getServerSessionUser(request("/api/server-session/me", { headers: { cookie: `session-lab.sid=${token}` } }));
    expect(auth.user).toEqual(user);
    const { requireServerSessionUser } = await import("@/lib/auth/server-session/guard");
    const forged = request("/api/server-session/notes", { method: "POST", headers: { cookie: `session-lab.sid=${token}`, origin: "https://evil.example" } });
    await expect(requireServerSessionUser(forged)).rejects.toBeInstanceOf(CrossSiteError);
  });
});
