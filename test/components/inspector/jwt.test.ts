import { SignJWT, createLocalJWKSet, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { decodeToken, tampered, verifyToken } from "@/app/components/inspector/jwt";
import { signingKeys } from "@/lib/auth/jwt/keys";
import { issueAccessToken } from "@/lib/auth/jwt/session";
import { demoUsers } from "../../support/users";

// The browser's inspector, run against the app's real tokens and its published key set.
async function published() {
  const { jwks, kid, privateKey } = await signingKeys();
  return { keys: createLocalJWKSet(jwks), kid, privateKey };
}

describe("decodeToken", () => {
  it("reads header and payload, and sizes each part without keeping one whole", async () => {
    const { token } = await issueAccessToken(demoUsers().bob);
    const decoded = decodeToken(token);
    expect(decoded?.header).toMatchObject({ alg: "EdDSA", typ: "at+jwt" });
    expect(decoded?.payload).toMatchObject({ sub: "2", role: "member" });
    if (!decoded) return;
    const { header, payload, signature } = decoded.segments;
    expect(header.encoded + payload.encoded + signature.encoded + 2).toBe(token.length);
    expect(decoded.bytes).toBe(token.length);
    expect(signature.decoded).toBe(64); // an Ed25519 signature
    expect(signature.preview).toMatch(/^[\w-]{6}…$/);
    expect(JSON.stringify(decoded)).not.toContain(token.split(".")[2]);
  });

  it.each(["", "a.b", "a.b.c.d", "not.a.jwt"])("is null for %j", (value) => {
    expect(decodeToken(value)).toBeNull();
  });
});

describe("verifyToken", () => {
  it("verifies a real access token against the JWKS, naming the key", async () => {
    const { keys, kid } = await published();
    const { token } = await issueAccessToken(demoUsers().alice);
    expect(await verifyToken(token, keys)).toEqual({ ok: true, kid, alg: "EdDSA" });
  });

  it.each(["signature", "payload"] as const)("refuses a copy with its %s tampered with", async (how) => {
    const { keys } = await published();
    const { token } = await issueAccessToken(demoUsers().alice);
    const copy = tampered(token, how);
    expect(copy).not.toBe(token);
    expect(await verifyToken(copy, keys)).toMatchObject({ ok: false, code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
    if (how === "payload") expect(decodeToken(copy)?.payload.exp).toBe(Number(decodeToken(token)?.payload.exp) + 86_400);
  });

  it("says when the token has expired", async () => {
    const { keys } = await published();
    const { token, expiresIn } = await issueAccessToken(demoUsers().alice);
    const later = new Date(Date.now() + (expiresIn + 1) * 1000);
    expect(await verifyToken(token, keys, later)).toMatchObject({ ok: false, code: "ERR_JWT_EXPIRED" });
  });

  it("refuses a token of another type signed with the right key", async () => {
    const { keys, kid, privateKey } = await published();
    const idToken = await new SignJWT({})
      .setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid })
      .setIssuer("x")
      .setAudience("y")
      .setSubject("1")
      .setJti("j")
      .setIssuedAt()
      .setExpirationTime("1m")
      .sign(privateKey);
    expect(await verifyToken(idToken, keys)).toMatchObject({ ok: false, code: "ERR_JWT_CLAIM_VALIDATION_FAILED", reason: expect.stringContaining("typ") });
  });

  it("refuses a token signed by a key the JWKS does not publish", async () => {
    const { keys } = await published();
    const { privateKey } = await generateKeyPair("EdDSA");
    const forged = await new SignJWT({}).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: "someone-else" }).sign(privateKey);
    expect(await verifyToken(forged, keys)).toMatchObject({ ok: false, code: "ERR_JWKS_NO_MATCHING_KEY" });
  });
});
