import { randomBytes } from "node:crypto";
import { sealData } from "iron-session";
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";

// A deployment mid-rotation: a new signing key and seal password, the retired ones
// still accepted for what they made. Set before any app module reads its configuration.
const retired = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
const { kty, crv, x } = await exportJWK(retired.publicKey);
const retiredKid = await calculateJwkThumbprint({ kty, crv, x });
const retiredPassword = randomBytes(32).toString("base64url");
Object.assign(process.env, {
  JWT_PREVIOUS_PUBLIC_JWKS: JSON.stringify([{ kty, crv, x, kid: retiredKid }]),
  IRON_SESSION_PASSWORD_ID: "2",
  IRON_SESSION_PREVIOUS_PASSWORDS: JSON.stringify({ 1: retiredPassword }),
});

describe("key and secret rotation", () => {
  it("publishes the current and the retired key, and verifies tokens signed with either", async () => {
    const { signingKeys } = await import("@/lib/auth/jwt/keys");
    const { issueAccessToken, verifyAccessToken } = await import("@/lib/auth/jwt/session");
    const { jwks, kid } = await signingKeys();
    expect(jwks.keys.map((key) => key.kid)).toEqual([kid, retiredKid]);
    for (const key of jwks.keys) expect(key).not.toHaveProperty("d");

    const now = Math.floor(Date.now() / 1000);
    const old = await new SignJWT({ role: "member", sv: 0, fid: crypto.randomUUID() })
      .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: retiredKid })
      .setIssuer("urn:session-lab")
      .setAudience("urn:session-lab:api")
      .setSubject("2")
      .setJti(crypto.randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(retired.privateKey);
    expect((await verifyAccessToken(old)).ok).toBe(true);

    const fresh = await issueAccessToken({ id: 2, username: "bob", role: "member" });
    expect(JSON.parse(Buffer.from(fresh.token.split(".")[0] ?? "", "base64url").toString())).toMatchObject({ kid });
  });

  it("opens seals made with the retired password, and seals new ones with the current id", async () => {
    const { sealSession, unsealSession } = await import("@/lib/auth/cookie/session");
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const old = await sealData({ sid: crypto.randomUUID(), userId: 2, sv: 0, exp }, { password: { 1: retiredPassword }, ttl: 3600 });
    expect(old).toMatch(/^Fe26\.2\*1\*/);
    expect((await unsealSession(old)).ok).toBe(true);
    const { seal } = await sealSession({ id: 2, username: "bob", role: "member" });
    expect(seal).toMatch(/^Fe26\.2\*2\*/);
  });

  it("refuses a configuration where new seals would not use the newest password", async () => {
    const { parseEnv } = await import("@/lib/env");
    expect(() => parseEnv({ ...process.env, IRON_SESSION_PASSWORD_ID: "1" })).toThrow(/IRON_SESSION_PASSWORD_ID must be higher/);
  });
});
