import { exportJWK, generateKeyPair } from "jose";
import { beforeEach, describe, expect, it, vi } from "vitest";

// Each case sets JWT_PRIVATE_JWK, then imports the app's modules afresh: they read it once.
async function checkWith(privateJwk: Record<string, unknown>) {
  process.env.JWT_PRIVATE_JWK = JSON.stringify(privateJwk);
  const { checkSigningKeys } = await import("@/lib/auth/jwt/keys");
  return checkSigningKeys();
}

async function ed25519() {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const { kty, crv, x, d } = await exportJWK(privateKey);
  return { kty, crv, x, d, kid: "test" };
}

describe("the start-up check of the signing key", () => {
  const configured = process.env.JWT_PRIVATE_JWK;
  beforeEach(() => {
    vi.resetModules();
    process.env.JWT_PRIVATE_JWK = configured;
  });

  it("passes a key whose halves belong together", async () => {
    await expect(checkWith(await ed25519())).resolves.toBeUndefined();
  });

  it("stops a key whose x is another key's: it would 500 on every JWT request", async () => {
    const [one, other] = [await ed25519(), await ed25519()];
    await expect(checkWith({ ...one, x: other.x })).rejects.toThrow(/JWT keys do not import. JWT_PRIVATE_JWK must be an Ed25519 key pair/);
  });

  it("stops a d that does not import, naming the variable and never its value", async () => {
    const key = await ed25519();
    const broken = { ...key, d: "A".repeat(key.d?.length ?? 43) + "AA" };
    const error: unknown = await checkWith(broken).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("ConfigError");
    expect((error as Error).message).toMatch(/JWT_PRIVATE_JWK/);
    expect((error as Error).message).not.toContain(broken.d);
  });
});
