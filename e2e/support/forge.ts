import { SignJWT, base64url, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { devSecrets } from "./secrets";

/** The server's real signing key, so that only the claim checks can refuse what is signed with it. */
export async function realKey() {
  const jwk: JWK = JSON.parse(devSecrets().JWT_PRIVATE_JWK ?? "{}");
  const { kid = "", kty, crv, x, d } = jwk;
  return { kid, privateKey: await importJWK({ kty, crv, x, d }, "EdDSA"), publicJwk: { kty, crv, x, kid } };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Valid access-token claims for user `sub` (session version 0). */
export const accessClaims = (sub = "2") => ({
  iss: "urn:session-lab",
  aud: "urn:session-lab:api",
  sub,
  role: "member",
  sv: 0,
  fid: crypto.randomUUID(),
  jti: crypto.randomUUID(),
  iat: nowSeconds(),
  exp: nowSeconds() + 300,
});

/** Signs `claims` with the server's real key and `header` on top of the app's own. */
export async function signWithRealKey(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const { kid, privateKey } = await realKey();
  return new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid, ...header }).sign(privateKey);
}

/** Signs with a key the attacker made, announcing it in the header however asked. */
export async function signWithAttackerKey(claims: Record<string, unknown>, header: (publicJwk: JWK) => Record<string, unknown>) {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", ...header(publicJwk) }).sign(privateKey);
}

/** A JWT with whatever header and payload, and the given signature. */
export function rawJwt(header: Record<string, unknown>, payload: Record<string, unknown>, signature = "") {
  return `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}.${signature}`;
}
