/**
 * Whether a part of a compact JWS or JWE is base64url as RFC 7515 §2 writes it: no padding,
 * and no unused bits set in its last character. jose decodes leniently, so `<token>==`, or a
 * last character changed only in bits the decoder drops (16 spellings of an Ed25519 signature
 * or of a GCM tag), verifies as the same token under another spelling. Nothing here keys on
 * a token's spelling (revocation goes by a JWT's fid or a session's sid, the verified-credential cache only skips
 * work), but a deny list or a one-time check that did would miss every other spelling.
 *
 * @example
 * if (!isCanonicalBase64url(signature)) return { ok: false, reason: "invalid" };
 */
export function isCanonicalBase64url(part: string): boolean {
  return Buffer.from(part, "base64url").toString("base64url") === part;
}
