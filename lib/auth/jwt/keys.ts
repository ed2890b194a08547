import "server-only";
import { importJWK, type CryptoKey, type JWK } from "jose";
import { ConfigError, env } from "../../env";
import { ALGORITHM } from "./config";

export interface SigningKeys {
  kid: string;
  privateKey: CryptoKey;
  publicKeys: ReadonlyMap<string, CryptoKey>;
  /** What `/.well-known/jwks.json` publishes: public halves only. */
  jwks: { keys: JWK[] };
}

async function importKey(jwk: JWK): Promise<CryptoKey> {
  const key = await importJWK(jwk, ALGORITHM);
  if (!("type" in key)) throw new Error("Ed25519 keys must import as CryptoKeys");
  return key;
}

async function load(): Promise<SigningKeys> {
  const { JWT_PRIVATE_JWK, JWT_PREVIOUS_PUBLIC_JWKS = [] } = env();
  const { kid, kty, crv, x, d } = JWT_PRIVATE_JWK;
  // The current key signs; retired keys (after a rotation) only verify, until their tokens have expired.
  const verifying = [{ kty, crv, x, kid }, ...JWT_PREVIOUS_PUBLIC_JWKS];
  const [privateKey, publicKeys] = await Promise.all([
    importKey({ kty, crv, x, d }),
    Promise.all(verifying.map(async (key) => [key.kid, await importKey({ kty: key.kty, crv: key.crv, x: key.x })] as const)),
  ]);
  return {
    kid,
    privateKey,
    publicKeys: new Map(publicKeys),
    jwks: { keys: verifying.map((key) => ({ ...key, alg: ALGORITHM, use: "sig" })) },
  };
}

// Imported once per process from the environment. Never generated here: the proxy
// and the route handlers are separate bundles and must hold the same key.
let keys: Promise<SigningKeys> | undefined;

/** The signing key and the public keys that verify, imported once. */
export function signingKeys(): Promise<SigningKeys> {
  keys ??= load();
  return keys;
}

/**
 * Imports the configured keys once at start-up. A `d` that is not an Ed25519 key, or an
 * `x` that is not its public half (Web Crypto refuses the pair), would otherwise pass the
 * variables' checks and fail every JWT request with a 500.
 */
export async function checkSigningKeys(): Promise<void> {
  try {
    await signingKeys();
  } catch {
    throw new ConfigError(
      "Session Lab cannot start: its JWT keys do not import. JWT_PRIVATE_JWK must be an Ed25519 key pair (its x the public half of its d), " +
        "and each key in JWT_PREVIOUS_PUBLIC_JWKS an Ed25519 public key.\n" +
        "Run `npm run secrets -- --print` for a fresh key (or `npm run secrets` in development).",
    );
  }
}
