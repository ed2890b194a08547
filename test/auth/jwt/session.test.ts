import { SignJWT, base64url, decodeProtectedHeader, decodeJwt } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { CLOCK_TOLERANCE_SECONDS, REFRESH_FAMILY_MAX_AGE_MS, jwtSettings } from "@/lib/auth/jwt/config";
import { signingKeys } from "@/lib/auth/jwt/keys";
import {
  issueAccessToken,
  revokeAccessToken,
  revokeRefreshToken,
  refreshSession,
  rotateRefreshToken,
  startRefreshFamily,
  startSession,
  verifyAccessToken,
} from "@/lib/auth/jwt/session";
import type { User } from "@/lib/users";
import { demoUsers } from "../../support/users";

// A frozen clock: every call below passes this instant (or one derived from it) explicitly.
// Taken from the real clock, in whole seconds as claims carry them, because the store keeps
// revocations by the real clock: a fixed date would drift into the past and Redis drop them.
const NOW = Math.floor(Date.now() / 1000) * 1000;
const nowSeconds = NOW / 1000;
const REFRESH_REUSE_GRACE_MS = 10_000; // the default grace window

let alice: User;
beforeAll(() => {
  ({ alice } = demoUsers());
});

/** Signs a token with the app's real key, so only the claim checks can refuse it. */
async function forge(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const { kid, privateKey } = await signingKeys();
  return new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid, ...header }).sign(privateKey);
}

const validClaims = () => ({
  iss: "urn:session-lab",
  aud: "urn:session-lab:api",
  sub: String(alice.id),
  role: "admin",
  sv: 0,
  fid: crypto.randomUUID(),
  jti: crypto.randomUUID(),
  iat: nowSeconds,
  exp: nowSeconds + 300,
});

describe("issueAccessToken", () => {
  it("signs an EdDSA at+jwt with a kid and every required claim", async () => {
    const { token, expiresIn } = await issueAccessToken(alice, { now: NOW });
    const { kid } = await signingKeys();
    expect(decodeProtectedHeader(token)).toEqual({ alg: "EdDSA", typ: "at+jwt", kid });
    expect(decodeJwt(token)).toMatchObject({
      iss: "urn:session-lab",
      aud: "urn:session-lab:api",
      sub: String(alice.id),
      role: "admin",
      iat: nowSeconds,
      exp: nowSeconds + 300,
    });
    expect(decodeJwt(token).jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(expiresIn).toBe(300);
  });

  it("gives every token its own jti", async () => {
    const a = await issueAccessToken(alice, { now: NOW });
    const b = await issueAccessToken(alice, { now: NOW });
    expect(decodeJwt(a.token).jti).not.toBe(decodeJwt(b.token).jti);
  });
});

describe("verifyAccessToken", () => {
  it("accepts a fresh token and returns its claims", async () => {
    const { token } = await issueAccessToken(alice, { now: NOW });
    const result = await verifyAccessToken(token, { now: NOW + 1000 });
    expect(result).toMatchObject({ ok: true, claims: { sub: String(alice.id), role: "admin" } });
  });

  it("allows at most 5 s of clock skew past exp", async () => {
    const { token } = await issueAccessToken(alice, { now: NOW });
    const expiry = NOW + 300_000;
    expect((await verifyAccessToken(token, { now: expiry + (CLOCK_TOLERANCE_SECONDS - 1) * 1000 })).ok).toBe(true);
    expect(await verifyAccessToken(token, { now: expiry + (CLOCK_TOLERANCE_SECONDS + 1) * 1000 })).toEqual({ ok: false, reason: "expired" });
  });

  it.each([
    ["wrong issuer", { iss: "https://evil.example" }],
    ["wrong audience", { aud: "another-api" }],
    ["not yet valid", { nbf: nowSeconds + 3600 }],
    ["issued in the future", { iat: nowSeconds + 3600, exp: nowSeconds + 7200 }],
    ["an unknown role", { role: "root" }],
    ["a user id written with a leading zero", { sub: "01" }],
    ["no refresh family", { fid: undefined }],
    ["a refresh family that is no string", { fid: 7 }],
    ["a refresh family that is no UUID", { fid: "family" }],
    ["a session version that is no whole number", { sv: 0.5 }],
    ["a negative session version", { sv: -1 }],
  ])("refuses a token with %s, even when signed with the real key", async (_, override) => {
    const token = await forge({ ...validClaims(), ...override });
    expect(await verifyAccessToken(token, { now: NOW })).toEqual({ ok: false, reason: "invalid" });
  });

  it("treats a token older than our access lifetime as expired, whatever its exp says", async () => {
    const token = await forge({ ...validClaims(), iat: nowSeconds - 3600, exp: nowSeconds + 3600 });
    expect(await verifyAccessToken(token, { now: NOW })).toEqual({ ok: false, reason: "expired" });
  });

  it.each(["iss", "aud", "sub", "exp", "iat", "jti"])("refuses a token without %s", async (claim) => {
    const claims: Record<string, unknown> = validClaims();
    delete claims[claim];
    const token = await forge(claims);
    expect((await verifyAccessToken(token, { now: NOW })).ok).toBe(false);
  });

  it.each([
    ["a JWT typ", { typ: "JWT" }],
    ["a refresh-token typ", { typ: "refresh+jwt" }],
    ["an unknown kid", { kid: "../../etc/passwd" }],
    ["no kid, though the current key signed it", { kid: undefined }],
    ["another algorithm the key could check (Ed25519, not the pinned EdDSA)", { alg: "Ed25519" }],
  ])("refuses a token with %s", async (_, header) => {
    const token = await forge(validClaims(), header);
    expect(await verifyAccessToken(token, { now: NOW })).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses alg none in any spelling, and an empty signature", async () => {
    const { token } = await issueAccessToken(alice, { now: NOW });
    const [, payload] = token.split(".");
    for (const alg of ["none", "None", "NONE", "nOnE"]) {
      const header = base64url.encode(JSON.stringify({ alg, typ: "at+jwt" }));
      expect(await verifyAccessToken(`${header}.${payload}.`, { now: NOW })).toEqual({ ok: false, reason: "invalid" });
    }
    const [header] = token.split(".");
    expect(await verifyAccessToken(`${header}.${payload}.`, { now: NOW })).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses HS256 signed with the public key (key confusion)", async () => {
    const { jwks } = await signingKeys();
    const publicKeyBytes = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
    const token = await new SignJWT(validClaims()).setProtectedHeader({ alg: "HS256", typ: "at+jwt" }).sign(publicKeyBytes);
    expect(await verifyAccessToken(token, { now: NOW })).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses an altered payload and an altered signature", async () => {
    const { token } = await issueAccessToken(alice, { now: NOW });
    const [header, payload, signature] = token.split(".");
    const promoted = base64url.encode(JSON.stringify({ ...decodeJwt(token), sub: "2" }));
    expect(await verifyAccessToken(`${header}.${promoted}.${signature}`, { now: NOW })).toEqual({ ok: false, reason: "invalid" });
    const flipped = `${signature?.slice(0, -2)}${signature?.endsWith("AA") ? "BB" : "AA"}`;
    expect(await verifyAccessToken(`${header}.${payload}.${flipped}`, { now: NOW })).toEqual({ ok: false, reason: "invalid" });
  });

  it.each(["", "garbage", "a.b.c", "a.b", "....", "eyJ.eyJ.eyJ"])("refuses the non-token %j without throwing", async (token) => {
    expect(await verifyAccessToken(token, { now: NOW })).toEqual({ ok: false, reason: "invalid" });
  });

  it("still checks expiry and revocation for a token it has verified before", async () => {
    const { token } = await issueAccessToken(alice, { now: NOW });
    expect((await verifyAccessToken(token, { now: NOW })).ok).toBe(true); // now remembered
    expect(await verifyAccessToken(token, { now: NOW + 306_000 })).toEqual({ ok: false, reason: "expired" });
    const again = await verifyAccessToken(token, { now: NOW });
    if (!again.ok) throw new Error("expected a valid token");
    await revokeAccessToken(again.claims);
    expect(await verifyAccessToken(token, { now: NOW })).toEqual({ ok: false, reason: "revoked" });
  });

  it("forgets a remembered token at the age limit, even when its exp is later", async () => {
    const token = await forge({ ...validClaims(), exp: nowSeconds + 3600 });
    expect((await verifyAccessToken(token, { now: NOW })).ok).toBe(true); // now remembered
    const pastAgeLimit = NOW + (jwtSettings().accessTokenTtlSeconds + CLOCK_TOLERANCE_SECONDS + 1) * 1000;
    expect(await verifyAccessToken(token, { now: pastAgeLimit })).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses a revoked token, and only that one", async () => {
    const revoked = await issueAccessToken(alice, { now: NOW });
    const other = await issueAccessToken(alice, { now: NOW });
    const result = await verifyAccessToken(revoked.token, { now: NOW });
    if (!result.ok) throw new Error("expected a valid token");
    await revokeAccessToken(result.claims);
    expect(await verifyAccessToken(revoked.token, { now: NOW })).toEqual({ ok: false, reason: "revoked" });
    expect((await verifyAccessToken(other.token, { now: NOW })).ok).toBe(true);
  });

  it("refuses every other spelling of a token it issued, even once the token is remembered", async () => {
    const { token } = await issueAccessToken(alice, { now: NOW });
    // jose reads "=" padding, and drops the four spare bits of an Ed25519 signature's last
    // character: each of these decodes to the same signature, and verified before this check.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(token.at(-1) ?? "");
    const respelled = [`${token}=`, `${token}==`, ...Array.from({ length: 15 }, (_, bits) => token.slice(0, -1) + alphabet[last ^ (bits + 1)])];
    expect((await verifyAccessToken(token, { now: NOW })).ok).toBe(true);
    for (const spelling of respelled) expect(await verifyAccessToken(spelling, { now: NOW }), spelling.slice(-3)).toEqual({ ok: false, reason: "invalid" });
    expect((await verifyAccessToken(token, { now: NOW })).ok).toBe(true);
  });

  it("keeps a revoked token refused through the clock tolerance past its exp", async () => {
    const { token } = await issueAccessToken(alice, { now: NOW });
    const result = await verifyAccessToken(token, { now: NOW });
    if (!result.ok) throw new Error("expected a valid token");
    await revokeAccessToken(result.claims);
    const withinTolerance = (result.claims.exp + CLOCK_TOLERANCE_SECONDS - 2) * 1000;
    vi.useFakeTimers({ now: withinTolerance, toFake: ["Date"] }); // the store's clock too: its sweep runs
    try {
      expect(await verifyAccessToken(token, { now: withinTolerance })).toEqual({ ok: false, reason: "revoked" });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("logout's deny of a sign-in", () => {
  it("outlasts an access token a refresh racing the logout minted, on a clock up to a minute ahead", async () => {
    const { store } = await import("@/lib/store");
    const signedIn = await verifyAccessToken((await issueAccessToken(alice, { now: NOW })).token, { now: NOW });
    if (!signedIn.ok) throw new Error("expected a valid token");
    const { fid } = signedIn.claims;
    const revokeId = vi.spyOn(store(), "revokeId");
    try {
      await revokeAccessToken(signedIn.claims, NOW);
      // The same sign-in's refresh, past its check before the logout landed, minting 59 s on by its own clock.
      const racing = decodeJwt((await issueAccessToken(alice, { now: NOW + 59_000, familyId: fid })).token);
      const deniedUntil = revokeId.mock.calls.find(([id]) => id === fid)?.[1];
      // Checked against the deny's end, not by the store: SQLite sweeps expired denies only once a minute.
      expect(deniedUntil).toBeGreaterThanOrEqual(((racing.exp ?? Infinity) + CLOCK_TOLERANCE_SECONDS) * 1000);
    } finally {
      revokeId.mockRestore();
    }
  });
});

describe("refresh tokens", () => {
  it("rotates: each token works once and yields a different successor", async () => {
    const first = await startRefreshFamily(alice.id, { now: NOW });
    const rotated = await rotateRefreshToken(first.token, NOW + 1000);
    expect(rotated).toMatchObject({ ok: true, userId: alice.id });
    if (!rotated.ok) return;
    expect(rotated.refresh.token).not.toBe(first.token);
    expect((await rotateRefreshToken(rotated.refresh.token, NOW + 2000)).ok).toBe(true);
  });

  it("ends a family started with a shorter life at that age, however often it is rotated (the attack lab's)", async () => {
    const first = await startRefreshFamily(alice.id, { now: NOW, maxAgeMs: 60_000 });
    const rotated = await rotateRefreshToken(first.token, NOW + 30_000);
    if (!rotated.ok) throw new Error("a 30-second-old family should rotate");
    expect(rotated.refresh.expiresAt).toBe(NOW + 60_000);
    expect(await rotateRefreshToken(rotated.refresh.token, NOW + 60_000)).toEqual({ ok: false, reason: "expired" });
  });

  it("gives a family started with a shorter life a first token that ends with the family, not a day on", async () => {
    const first = await startRefreshFamily(alice.id, { now: NOW, maxAgeMs: 60_000 });
    expect(first.expiresAt).toBe(NOW + 60_000); // the refresh cookie's Expires
  });

  it("gives two tabs that refresh at once each a working successor", async () => {
    const first = await startRefreshFamily(alice.id, { now: NOW });
    const tabA = await rotateRefreshToken(first.token, NOW + 1000);
    const tabB = await rotateRefreshToken(first.token, NOW + 1000 + REFRESH_REUSE_GRACE_MS - 1);
    if (!tabA.ok || !tabB.ok) throw new Error("both tabs should be signed in");
    expect(tabA.refresh.token).not.toBe(tabB.refresh.token);
    expect((await rotateRefreshToken(tabB.refresh.token, NOW + 12_000)).ok).toBe(true);
  });

  it("gives a used token one more successor within the grace window, not one per replay", async () => {
    const first = await startRefreshFamily(alice.id, { now: NOW });
    const tabA = await rotateRefreshToken(first.token, NOW + 1000);
    const tabB = await rotateRefreshToken(first.token, NOW + 2000);
    if (!tabA.ok || !tabB.ok) throw new Error("both tabs should be signed in");
    expect(await rotateRefreshToken(first.token, NOW + 3000)).toEqual({ ok: false, reason: "revoked" });
    expect(await rotateRefreshToken(tabA.refresh.token, NOW + 4000)).toEqual({ ok: false, reason: "revoked" });
    expect(await rotateRefreshToken(tabB.refresh.token, NOW + 4000)).toEqual({ ok: false, reason: "revoked" });
  });

  it("treats reuse after the grace window as theft and revokes the whole family", async () => {
    const first = await startRefreshFamily(alice.id, { now: NOW });
    const successor = await rotateRefreshToken(first.token, NOW + 1000);
    if (!successor.ok) throw new Error("expected a successor");
    const replay = await rotateRefreshToken(first.token, NOW + 1000 + REFRESH_REUSE_GRACE_MS + 1);
    expect(replay).toEqual({ ok: false, reason: "revoked" });
    expect(await rotateRefreshToken(successor.refresh.token, NOW + 20_000)).toEqual({ ok: false, reason: "revoked" });
  });

  it("refuses unknown and expired tokens", async () => {
    expect(await rotateRefreshToken("not-a-token", NOW)).toEqual({ ok: false, reason: "invalid" });
    const first = await startRefreshFamily(alice.id, { now: NOW });
    expect(await rotateRefreshToken(first.token, first.expiresAt + 1)).toEqual({ ok: false, reason: "expired" });
  });

  it("never gives a successor a later expiry than its family's, however late the rotation", async () => {
    const { refreshTokenTtlMs } = jwtSettings();
    const familyExpiresAt = NOW + REFRESH_FAMILY_MAX_AGE_MS;
    let { token } = await startRefreshFamily(alice.id, { now: NOW });
    let at = NOW;
    // Refreshed a little under a day apart, the family reaches its last day.
    while (at + refreshTokenTtlMs < familyExpiresAt) {
      at += refreshTokenTtlMs - 3_600_000;
      const rotated = await rotateRefreshToken(token, at);
      if (!rotated.ok) throw new Error(`expected a rotation ${at - NOW} ms in`);
      expect(rotated.refresh.expiresAt).toBeLessThanOrEqual(familyExpiresAt);
      token = rotated.refresh.token;
    }
    expect(await rotateRefreshToken(token, familyExpiresAt)).toEqual({ ok: false, reason: "expired" });
  });

  it("stops working after logout revokes its family", async () => {
    const first = await startRefreshFamily(alice.id, { now: NOW });
    await revokeRefreshToken(first.token, NOW + 1);
    expect(await rotateRefreshToken(first.token, NOW + 2)).toEqual({ ok: false, reason: "revoked" });
  });
});

describe("one sign-in's access tokens (its refresh family, fid)", () => {
  /** A sign-in, and the access token a refresh made from it later: two tokens of one family. */
  async function signInAndRefresh() {
    const { createUser } = await import("../../support/users");
    const { access, refresh } = await startSession(createUser());
    const refreshed = await refreshSession(refresh.token);
    if (!refreshed.ok) throw new Error("expected a refresh");
    return { first: access.token, second: refreshed.access.token, spent: refresh.token, refresh: refreshed.refresh.token };
  }
  const claimsOf = async (token: string) => {
    const result = await verifyAccessToken(token);
    if (!result.ok) throw new Error("expected a valid token");
    return result.claims;
  };

  it("are all denied by a logout with any one of them, and no other sign-in's are", async () => {
    const mine = await signInAndRefresh();
    const other = await signInAndRefresh();
    expect((await claimsOf(mine.first)).fid).toBe((await claimsOf(mine.second)).fid);
    await revokeAccessToken(await claimsOf(mine.second));
    expect(await verifyAccessToken(mine.first)).toEqual({ ok: false, reason: "revoked" });
    expect((await verifyAccessToken(other.first)).ok).toBe(true);
  });

  it("can mint no more after a logout with an access token alone: the sign-in's refresh family ends too", async () => {
    const mine = await signInAndRefresh();
    await revokeAccessToken(await claimsOf(mine.second));
    expect(await refreshSession(mine.refresh)).toEqual({ ok: false, reason: "revoked" });
    // Not even once the family's access tokens are no longer denied, past their longest life.
    const later = Date.now() + (jwtSettings().accessTokenTtlSeconds + CLOCK_TOLERANCE_SECONDS + 61) * 1000;
    expect(await refreshSession(mine.refresh, later)).toEqual({ ok: false, reason: "revoked" });
  });

  it("are all denied by a logout with the refresh cookie alone", async () => {
    const mine = await signInAndRefresh();
    await revokeRefreshToken(mine.refresh);
    expect(await verifyAccessToken(mine.first)).toEqual({ ok: false, reason: "revoked" });
    expect(await verifyAccessToken(mine.second)).toEqual({ ok: false, reason: "revoked" });
  });

  it("are all denied once a spent refresh token comes back after the grace window (theft)", async () => {
    const mine = await signInAndRefresh();
    const late = Date.now() + jwtSettings().refreshReuseGraceMs + 1000;
    expect(await refreshSession(mine.spent, late)).toEqual({ ok: false, reason: "revoked" });
    expect(await verifyAccessToken(mine.first)).toEqual({ ok: false, reason: "revoked" });
    expect(await verifyAccessToken(mine.second)).toEqual({ ok: false, reason: "revoked" });
  });

  it("are not reported ended when the store fails: logout with either token rejects, it does not answer first", async () => {
    const { store, StoreUnavailableError } = await import("@/lib/store");
    const mine = await signInAndRefresh();
    const claims = await claimsOf(mine.second);
    const spy = vi.spyOn(store(), "revokeId").mockRejectedValue(new StoreUnavailableError("down"));
    try {
      await expect(revokeAccessToken(claims)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(revokeRefreshToken(mine.refresh)).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      spy.mockRestore();
    }
  });

  it("are denied even when the store failed between revoking the reused family and denying it", async () => {
    const { store, StoreUnavailableError } = await import("@/lib/store");
    const mine = await signInAndRefresh();
    const late = Date.now() + jwtSettings().refreshReuseGraceMs + 1000;
    // The family's revocation commits; the deny of its access tokens, the next write, fails (a 503).
    const spy = vi.spyOn(store(), "revokeId").mockRejectedValueOnce(new StoreUnavailableError("down"));
    try {
      await expect(refreshSession(mine.spent, late)).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      spy.mockRestore();
    }
    // The client's retry now finds the family revoked, not reused: it must still deny the family's access tokens.
    expect(await refreshSession(mine.spent, late)).toEqual({ ok: false, reason: "revoked" });
    expect(await verifyAccessToken(mine.first)).toEqual({ ok: false, reason: "revoked" });
    expect(await verifyAccessToken(mine.second)).toEqual({ ok: false, reason: "revoked" });
  });
});

describe("sign out everywhere", () => {
  it("kills every access token and refresh family minted before it, and none after", async () => {
    const { signOutEverywhere } = await import("@/lib/store");
    const { createUser } = await import("../../support/users");
    const carol = createUser();
    const before = await issueAccessToken(carol);
    const family = await startRefreshFamily(carol.id);
    await signOutEverywhere(carol.id);

    expect(await verifyAccessToken(before.token)).toEqual({ ok: false, reason: "revoked" });
    expect(await verifyAccessToken(before.token, { checkRevocation: false })).toMatchObject({ ok: true });
    expect(await rotateRefreshToken(family.token)).toEqual({ ok: false, reason: "revoked" });

    const after = await issueAccessToken(carol);
    expect((await verifyAccessToken(after.token)).ok).toBe(true);
    expect((await rotateRefreshToken((await startRefreshFamily(carol.id)).token)).ok).toBe(true);
  });

  it("ends an access token minted from a refresh that it overtook", async () => {
    const { signOutEverywhere, store } = await import("@/lib/store");
    const { createUser } = await import("../../support/users");
    const carol = createUser();
    const family = await startRefreshFamily(carol.id);
    // The real store, with a "sign out everywhere" landing between the family's check and the new access token.
    const shared = store();
    const consume = shared.consumeRefreshToken.bind(shared);
    const spy = vi.spyOn(shared, "consumeRefreshToken").mockImplementationOnce(async (...args) => {
      const outcome = await consume(...args);
      await signOutEverywhere(carol.id);
      return outcome;
    });
    try {
      const refreshed = await refreshSession(family.token);
      if (!refreshed.ok) throw new Error("expected a refresh");
      expect(spy).toHaveBeenCalledOnce();
      expect(await verifyAccessToken(refreshed.access.token)).toEqual({ ok: false, reason: "revoked" });
    } finally {
      spy.mockRestore();
    }
  });

  it("ends both tokens of a sign-in that it overtook, not only the access token", async () => {
    const { signOutEverywhere, store } = await import("@/lib/store");
    const { createUser } = await import("../../support/users");
    const carol = createUser();
    // The real store, with a "sign out everywhere" landing right after the sign-in read the session version.
    const shared = store();
    const read = shared.sessionVersion.bind(shared);
    const spy = vi.spyOn(shared, "sessionVersion").mockImplementationOnce(async (userId) => {
      const version = await read(userId);
      await signOutEverywhere(carol.id);
      return version;
    });
    try {
      const { access, refresh } = await startSession(carol);
      expect(await verifyAccessToken(access.token)).toEqual({ ok: false, reason: "revoked" });
      expect(await rotateRefreshToken(refresh.token)).toEqual({ ok: false, reason: "revoked" });
    } finally {
      spy.mockRestore();
    }
  });

  it("refreshes into a working access token and a working successor, and refuses a deleted user's family", async () => {
    const { db } = await import("@/lib/db");
    const { createUser } = await import("../../support/users");
    const carol = createUser();
    const refreshed = await refreshSession((await startRefreshFamily(carol.id)).token);
    if (!refreshed.ok) throw new Error("expected a refresh");
    expect(await verifyAccessToken(refreshed.access.token)).toMatchObject({ ok: true, claims: { sub: String(carol.id) } });
    const again = await refreshSession(refreshed.refresh.token);
    if (!again.ok) throw new Error("expected the successor to refresh");
    // SQLite deletes a user's refresh families with the user, so the redemption itself finds
    // nothing; Redis keeps them, and this function's own check of the user is what refuses.
    // With foreign keys off, the SQLite store keeps them too, as Redis does.
    const connection = db();
    connection.pragma("foreign_keys = OFF");
    try {
      connection.prepare("DELETE FROM users WHERE id = ?").run(carol.id);
      expect(await refreshSession(again.refresh.token)).toEqual({ ok: false, reason: "invalid" });
    } finally {
      connection.pragma("foreign_keys = ON");
    }
  });
});
