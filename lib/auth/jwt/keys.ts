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

async function load(): Promise<SigningKeys> {
  const { kid, kty, crv, x, d } = env().JWT_PRIVATE_JWK;
  const publicJwk: JWK = { kty, crv, x, kid, alg: ALGORITHM, use: "sig" };
  const [privateKey, publicKey] = await Promise.all([
    importJWK({ kty, crv, x, d }, ALGORITHM),
    importJWK({ kty, crv, x }, ALGORITHM),
  ]);
  if (!("type" in privateKey) || !("type" in publicKey)) throw new Error("Ed25519 keys must import as CryptoKeys");
  return { kid, privateKey, publicKeys: new Map([[kid, publicKey]]), jwks: { keys: [publicJwk] } };
}

// Imported once per process from the environment. Never generated here: the proxy
// and the route handlers are separate bundles and must hold the same key.
let keys: Promise<SigningKeys> | undefined;

/** The signing key and the public keys that verify, imported once. */
export function signingKeys(): Promise<SigningKeys> {
  keys ??= load();
  return keys;
}
