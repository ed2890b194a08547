import { base64url, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey } from "jose";

/** Where the app publishes the public halves of its signing keys. */
export const JWKS_PATH = "/.well-known/jwks.json";

/** What the API pins on verify, checked again here: one algorithm, RFC 9068's access-token type, every claim it requires. */
const VERIFY_OPTIONS = {
  algorithms: ["EdDSA"],
  typ: "at+jwt",
  requiredClaims: ["iss", "aud", "sub", "exp", "iat", "jti"],
};

const SEGMENT_PREVIEW = 10;
const SIGNATURE_PREVIEW = 6;

/** One of the token's three dot-separated parts: its size on the wire and decoded, and a few of its characters. */
export interface SegmentSize {
  /** Base64url characters in the token (one byte each). */
  encoded: number;
  /** Bytes once decoded: JSON for the header and payload, the raw signature. */
  decoded: number;
  /** The first characters and "…": the whole segment is never shown. */
  preview: string;
}

/** A token taken apart for display: decoded, not verified. */
export interface DecodedToken {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  segments: { header: SegmentSize; payload: SegmentSize; signature: SegmentSize };
  /** The whole token's bytes: what every request carries in its Authorization header. */
  bytes: number;
}

function segmentSize(segment: string, previewLength: number): SegmentSize {
  return { encoded: segment.length, decoded: base64url.decode(segment).length, preview: `${segment.slice(0, previewLength)}…` };
}

/**
 * Decodes a compact JWS's header and payload, as anyone holding the token can: they
 * are base64url, not encrypted. Says nothing about whether to trust them; see {@link verifyToken}.
 *
 * @example
 * const decoded = decodeToken(token);
 * decoded?.payload.sub; // "1"
 */
export function decodeToken(token: string): DecodedToken | null {
  const [header, payload, signature, ...rest] = token.split(".");
  if (header === undefined || payload === undefined || signature === undefined || rest.length > 0) return null;
  try {
    return {
      header: { ...decodeProtectedHeader(token) },
      payload: { ...decodeJwt(token) },
      segments: {
        header: segmentSize(header, SEGMENT_PREVIEW),
        payload: segmentSize(payload, SEGMENT_PREVIEW),
        signature: segmentSize(signature, SIGNATURE_PREVIEW),
      },
      bytes: new TextEncoder().encode(token).length,
    };
  } catch {
    return null;
  }
}

export type Verification =
  | { ok: true; kid: string; alg: string }
  | { ok: false; code: string; reason: string };

function explain(error: unknown): { code: string; reason: string } {
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return { code: error.code, reason: "the signature does not match the header and payload under the published key" };
  }
  if (error instanceof errors.JWTExpired) return { code: error.code, reason: "the token has expired (its exp has passed)" };
  if (error instanceof errors.JWTClaimValidationFailed) {
    return { code: error.code, reason: `the "${error.claim}" ${error.claim === "typ" ? "header" : "claim"} check failed (${error.reason})` };
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return { code: error.code, reason: "the header names an algorithm other than EdDSA" };
  if (error instanceof errors.JWKSNoMatchingKey) return { code: error.code, reason: "no key in the JWKS has this token's kid" };
  if (error instanceof errors.JWKSTimeout) return { code: error.code, reason: "the JWKS did not arrive in time" };
  if (error instanceof errors.JOSEError) return { code: error.code, reason: "the token or the key set is not well formed" };
  return { code: "ERR_NETWORK", reason: "the JWKS could not be fetched" };
}

/**
 * Verifies an access token the way the API does (EdDSA only, typ at+jwt, required
 * claims, exp), against keys from a JWKS: no secret needed, only public keys.
 * Issuer and audience values and revocation are the server's to check.
 *
 * @example
 * const result = await verifyToken(token, browserKeySet());
 * if (result.ok) console.log(`verified with kid ${result.kid}`);
 */
export async function verifyToken(token: string, keys: JWTVerifyGetKey, currentDate?: Date): Promise<Verification> {
  try {
    const { protectedHeader } = await jwtVerify(token, keys, { ...VERIFY_OPTIONS, currentDate });
    return { ok: true, kid: protectedHeader.kid ?? "", alg: protectedHeader.alg };
  } catch (error) {
    return { ok: false, ...explain(error) };
  }
}

let keySet: ReturnType<typeof createRemoteJWKSet> | undefined;

/**
 * This page's view of `/.well-known/jwks.json`, fetched once and cached by jose (and
 * fetched again when a token names a kid it has not seen: a key rotation).
 */
export function browserKeySet(): ReturnType<typeof createRemoteJWKSet> {
  keySet ??= createRemoteJWKSet(new URL(JWKS_PATH, window.location.origin), { timeoutDuration: 5000 });
  return keySet;
}

/** How a copy was tampered with, for the "try a tampered copy" buttons. */
export type Tampering = "signature" | "payload";

/**
 * A copy of `token` altered the way an attacker would: one signature character
 * changed, or the payload rewritten to live a day longer with the signature kept.
 * Either must fail verification; neither copy ever leaves the page.
 *
 * @example
 * (await verifyToken(tampered(token, "payload"), keys)).ok; // false
 */
export function tampered(token: string, how: Tampering): string {
  const [header = "", payload = "", signature = ""] = token.split(".");
  if (how === "signature") {
    // A middle character: all six of its bits are signature bits (the last one's are partly padding).
    const at = Math.floor(signature.length / 2);
    const swapped = signature[at] === "A" ? "B" : "A";
    return `${header}.${payload}.${signature.slice(0, at)}${swapped}${signature.slice(at + 1)}`;
  }
  const claims = decodeJwt(token);
  const longer = { ...claims, exp: (claims.exp ?? 0) + 24 * 3600 };
  return `${header}.${base64url.encode(JSON.stringify(longer))}.${signature}`;
}
