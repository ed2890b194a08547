import { sealData } from "iron-session";
import { describe, expect, it, vi } from "vitest";
import { revokeSession, sealSession, unsealSession } from "@/lib/auth/cookie/session";
import { demoUsers } from "../../support/users";

const password = () => ({ 1: process.env.IRON_SESSION_PASSWORD ?? "" });

describe("sealSession / unsealSession", () => {
  it("round-trips a session in iron's Fe26.2 format", async () => {
    const { alice } = demoUsers();
    const { seal, session } = await sealSession(alice);
    expect(seal).toMatch(/^Fe26\.2\*1\*/);
    expect(seal).not.toContain("alice");
    expect(await unsealSession(seal)).toEqual({ ok: true, session });
    expect(session.userId).toBe(alice.id);
  });

  it("refuses a tampered, truncated, re-prefixed or foreign seal without throwing", async () => {
    const { alice } = demoUsers();
    const { seal } = await sealSession(alice);
    const parts = seal.split("*");
    parts[4] = `${parts[4]?.slice(0, -1)}${parts[4]?.endsWith("A") ? "B" : "A"}`; // one byte of the ciphertext
    const foreign = await sealData({ sid: crypto.randomUUID(), userId: 1, exp: 9e9 }, { password: "another-password-that-is-32-chars-long!" });
    for (const bad of [
      parts.join("*"),
      seal.slice(0, seal.length / 2),
      seal.replace("Fe26.2", "Fe26.1"),
      `${seal}x`,
      foreign,
      "",
      "~2",
      "Fe26.2**~2",
      "Fe26.2*1*a*b*c*d*e*f~2",
    ]) {
      expect(await unsealSession(bad)).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("refuses a genuine seal with the wrong shape (odd or extra fields)", async () => {
    // Each otherwise valid, so that the odd or extra field alone is what refuses it.
    for (const data of [{ userId: 1 }, { sid: "x", userId: 1, sv: 0, exp: 9e9 }, { sid: crypto.randomUUID(), userId: 1, sv: 0, exp: 9e9, role: "admin" }]) {
      const seal = await sealData(data, { password: password(), ttl: 3600 });
      expect(await unsealSession(seal)).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("opens a genuine seal that also carries application data", async () => {
    const session = { sid: crypto.randomUUID(), userId: demoUsers().alice.id, sv: 0, exp: Math.floor(Date.now() / 1000) + 3600, data: "cart:3" };
    const seal = await sealData(session, { password: password(), ttl: 3600 });
    expect(await unsealSession(seal)).toEqual({ ok: true, session });
  });

  it("still checks expiry and revocation for a seal it has opened before", async () => {
    const { seal, session } = await sealSession(demoUsers().alice);
    expect((await unsealSession(seal)).ok).toBe(true); // now remembered
    expect(await unsealSession(seal, { now: session.exp * 1000 })).toEqual({ ok: false, reason: "expired" });
    await revokeSession(session);
    expect(await unsealSession(seal)).toEqual({ ok: false, reason: "revoked" });
  });

  it("refuses an expired session", async () => {
    const { alice } = demoUsers();
    const { seal, session } = await sealSession(alice);
    expect(await unsealSession(seal, { now: session.exp * 1000 + 1 })).toEqual({ ok: false, reason: "expired" });
  });

  it("says expired for iron's minute of clock skew, then invalid: past it, iron checks no HMAC", async () => {
    const expired = async (secondsLate: number) => {
      const { seal, session } = await sealSession(demoUsers().alice);
      vi.useFakeTimers({ now: (session.exp + secondsLate) * 1000, toFake: ["Date"] });
      try {
        return await unsealSession(seal);
      } finally {
        vi.useRealTimers();
      }
    };
    expect(await expired(30)).toEqual({ ok: false, reason: "expired" });
    expect(await expired(120)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses every copy once the session is revoked", async () => {
    const { alice } = demoUsers();
    const { seal, session } = await sealSession(alice);
    const other = await sealSession(alice);
    await revokeSession(session);
    expect(await unsealSession(seal)).toEqual({ ok: false, reason: "revoked" });
    expect((await unsealSession(other.seal)).ok).toBe(true);
  });

  it("keeps a revoked session refused until the seal itself expires", async () => {
    const { seal, session } = await sealSession(demoUsers().alice);
    await revokeSession(session);
    const later = session.exp * 1000 - 60_000; // hours on: the store's sweep has run meanwhile
    vi.useFakeTimers({ now: later, toFake: ["Date"] });
    try {
      expect(await unsealSession(seal, { now: later })).toEqual({ ok: false, reason: "revoked" });
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps a revoked session refused on an instance whose clock runs behind the store's", async () => {
    const { seal, session } = await sealSession(demoUsers().alice);
    await revokeSession(session);
    const storeClock = session.exp * 1000 + 30_000; // the store's sweep has run past the seal's expiry
    vi.useFakeTimers({ now: storeClock, toFake: ["Date"] });
    try {
      expect(await unsealSession(seal, { now: storeClock - 31_000 })).toEqual({ ok: false, reason: "revoked" });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("sign out everywhere", () => {
  it("kills every seal made before it, and none after", async () => {
    const { signOutEverywhere } = await import("@/lib/store");
    const { createUser } = await import("../../support/users");
    const carol = createUser();
    const before = await sealSession(carol);
    await signOutEverywhere(carol.id);
    expect(await unsealSession(before.seal)).toEqual({ ok: false, reason: "revoked" });
    expect((await unsealSession(before.seal, { checkRevocation: false })).ok).toBe(true);
    expect((await unsealSession((await sealSession(carol)).seal)).ok).toBe(true);
  });
});
