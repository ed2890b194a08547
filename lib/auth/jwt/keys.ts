import "server-only";
import { importJWK, type CryptoKey, type JWK } from "jose";
import { env } from "../../env";
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
