import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { SignJWT, errors, jwtVerify, type JWTHeaderParameters, type JWTPayload } from "jose";
import { z } from "zod";
import { isCanonicalBase64url } from "../../base64url";
import type { AuthFailure } from "../../errors";
import { timed } from "../../exchange";
import { isCredentialRevoked, revocationCheckEnabled, store } from "../../store";
import { ROLES, findUserById, type User } from "../../users";
import {
  ACCESS_TOKEN_TYPE,
  ALGORITHM,
  CLOCK_TOLERANCE_SECONDS,
  REFRESH_FAMILY_MAX_AGE_MS,
  REQUIRED_CLAIMS,
  jwtSettings,
} from "./config";
import { signingKeys } from "./keys";
import { VERIFIED_CACHE_CAPACITY, VerifiedCache, describeCheck } from "../../verified-cache";

// The claims this app reads from a token jwtVerify has accepted (it has checked iss, aud, typ,
// exp and iat); anything else in the payload is dropped.
const accessTokenClaims = z.object({
  // A user's row id, in decimal: at most 16 digits, so it converts to a number exactly.
  sub: z.string().regex(/^[1-9][0-9]{0,15}$/),
  role: z.enum(ROLES),
  /** The user's session version when this token was minted; see `signOutEverywhere`. */
  sv: z.number().int().nonnegative(),
  /** The refresh family (the sign-in) it was minted from: logout, or reuse of a refresh token, denies them all. */
  fid: z.uuid(),
  /** This token's own id: unique, though revocation goes by `fid`. */
  jti: z.string(),
  iat: z.number(),
  exp: z.number(),
});

/** The claims of a verified access token. */
export type AccessTokenClaims = z.infer<typeof accessTokenClaims>;

export type AccessTokenResult =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: Exclude<AuthFailure, "missing" | "malformed"> };

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
}

/**
 * Signs a short-lived access token for `user`, under the user's current session version,
 * or under `sessionVersion` when the caller has just checked one (a refresh): then a "sign
 * out everywhere" landing in between ends this token too, instead of it being minted under
 * the new version. `familyId` names the refresh family it comes from (its `fid`); a token
 * with none, as the labs mint, is a family of its own.
 *
 * @example
 * const { token, expiresIn } = await issueAccessToken(user);
 */
export async function issueAccessToken(
  user: User,
  { now = Date.now(), sessionVersion, familyId = randomUUID() }: { now?: number; sessionVersion?: number; familyId?: string } = {},
): Promise<IssuedAccessToken> {
  const { issuer, audience, accessTokenTtlSeconds } = jwtSettings();
  const [{ kid, privateKey }, sv] = await Promise.all([signingKeys(), sessionVersion ?? store().sessionVersion(user.id)]);
  const iat = Math.floor(now / 1000);
  const token = await new SignJWT({ role: user.role, sv, fid: familyId })
    .setProtectedHeader({ alg: ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(String(user.id))
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + accessTokenTtlSeconds)
    .sign(privateKey);
  return { token, expiresIn: accessTokenTtlSeconds };
}

async function keyFor(header: JWTHeaderParameters) {
  const key = header.kid === undefined ? undefined : (await signingKeys()).publicKeys.get(header.kid);
  if (!key) throw new errors.JWKSNoMatchingKey();
  return key;
}

/** Maps jose's stable error codes to the reasons this app reports. */
function failureOf(error: unknown): "expired" | "invalid" {
  if (!(error instanceof errors.JOSEError)) throw error;
  return error.code === "ERR_JWT_EXPIRED" ? "expired" : "invalid";
}

/**
 * Verifies an access token: signature (EdDSA only, key chosen by `kid`), `typ`,
 * issuer, audience, every required claim, expiry and age with 5 s of tolerance, and
 * then the store (logout, sign out everywhere). Never throws for a bad token: the
 * reason is in the result. `checkRevocation: false` is what a verifier without the
 * store would conclude: the lab uses it to show how long a copy would live.
 *
 * @example
 * const result = await verifyAccessToken(token);
 * if (!result.ok) throw new AuthError(result.reason, "bearer");
 */
export async function verifyAccessToken(
  token: string,
  { now = Date.now(), checkRevocation = revocationCheckEnabled() }: { now?: number; checkRevocation?: boolean } = {},
): Promise<AccessTokenResult> {
  const checked = await timed("auth", describeCheck("jwtVerify"), () =>
    verifiedTokens.remember(token, now, () => verifySignatureAndClaims(token, now)),
  );
  if (!checked.ok) return checked;
  const claims = checked.value;
  if (checkRevocation && (await isCredentialRevoked(claims.fid, Number(claims.sub), claims.sv))) {
    return { ok: false, reason: "revoked" };
  }
  return { ok: true, claims };
}

// Access tokens that passed the signature and claim checks, for tokens seen again
// (a client sends the same one on every call until it expires). See VerifiedCache.
const verifiedTokens = new VerifiedCache<AccessTokenClaims>(VERIFIED_CACHE_CAPACITY);

type Verification = { ok: true; value: AccessTokenClaims; expiresAt: number } | Extract<AccessTokenResult, { ok: false }>;

async function verifySignatureAndClaims(token: string, now: number): Promise<Verification> {
  // The signature as it was issued, not another spelling of it that jose would decode alike.
  if (!isCanonicalBase64url(token.slice(token.lastIndexOf(".") + 1))) return { ok: false, reason: "invalid" };
  const { issuer, audience, accessTokenTtlSeconds } = jwtSettings();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keyFor, {
      algorithms: [ALGORITHM],
      typ: ACCESS_TOKEN_TYPE,
      issuer,
      audience,
      requiredClaims: REQUIRED_CLAIMS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: accessTokenTtlSeconds, // also refuses an iat in the future
      currentDate: new Date(now),
    }));
  } catch (error) {
    return { ok: false, reason: failureOf(error) };
  }
  const parsed = accessTokenClaims.safeParse(payload);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const claims = parsed.data;
  // Valid until exp, and never past the age limit jwtVerify enforced above.
  return { ok: true, value: claims, expiresAt: Math.min(claims.exp, claims.iat + accessTokenTtlSeconds) * 1000 };
}

/** Logout with an access token: ends the sign-in it was minted from (see {@link endSignIn}). */
export async function revokeAccessToken(claims: AccessTokenClaims, now = Date.now()): Promise<void> {
  await endSignIn(claims.fid, now);
}

/**
 * Ends sign-in `familyId`, whichever of its credentials logout was given: its refresh family
 * can mint nothing more, and every access token minted from it is denied (this one, another
 * tab's, one a refresh racing this logout just minted). The deny list holds sign-ins, not
 * tokens: one entry ends them all, where a `jti` would end only the token presented.
 */
async function endSignIn(familyId: string, now: number): Promise<void> {
  await Promise.all([store().revokeRefreshFamily(familyId, now), denyFamily(familyId, now)]);
}

/**
 * Denies every access token minted from family `familyId`, for as long as one minted up to
 * now can live (its 5 s of clock tolerance included), plus a minute for a refresh that was
 * midway when the family was revoked.
 */
async function denyFamily(familyId: string, now: number): Promise<void> {
  await store().revokeId(familyId, now + (jwtSettings().accessTokenTtlSeconds + CLOCK_TOLERANCE_SECONDS + 60) * 1000);
}

// Refresh tokens are opaque random values. Only their SHA-256 is stored, so a copy
// of the database cannot be replayed; 256 bits of entropy make a salt pointless.
const newRefreshToken = () => randomBytes(32).toString("base64url");
const hashRefreshToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface IssuedRefreshToken {
  token: string;
  expiresAt: number;
}

/**
 * Starts a new refresh-token family at sign-in and returns its first token. The family, and
 * every token in it, ends `maxAgeMs` after `now` however often it is rotated. It is minted
 * under the user's current session version, or under `sessionVersion` when the caller has
 * just read one (see {@link startSession}).
 */
export async function startRefreshFamily(
  userId: number,
  {
    now = Date.now(),
    maxAgeMs = REFRESH_FAMILY_MAX_AGE_MS,
    sessionVersion,
    familyId = randomUUID(),
  }: { now?: number; maxAgeMs?: number; sessionVersion?: number; familyId?: string } = {},
): Promise<IssuedRefreshToken> {
  const token = newRefreshToken();
  const familyExpiresAt = now + maxAgeMs;
  const expiresAt = Math.min(now + jwtSettings().refreshTokenTtlMs, familyExpiresAt);
  await store().createRefreshFamily(familyId, userId, sessionVersion ?? (await store().sessionVersion(userId)), familyExpiresAt);
  await store().addRefreshToken(hashRefreshToken(token), familyId, userId, expiresAt);
  return { token, expiresAt };
}

/**
 * Sign-in: a new refresh family and an access token that names it (`fid`), both under one
 * reading of the user's session version, so that a "sign out everywhere" landing between
 * the two ends both. The access token is signed first: if signing fails, no refresh family
 * is left behind.
 *
 * @example
 * const { access, refresh } = await startSession(user);
 */
export async function startSession(user: User, now = Date.now()): Promise<{ access: IssuedAccessToken; refresh: IssuedRefreshToken }> {
  const [sessionVersion, familyId] = [await store().sessionVersion(user.id), randomUUID()];
  const access = await issueAccessToken(user, { now, sessionVersion, familyId });
  const refresh = await startRefreshFamily(user.id, { now, sessionVersion, familyId });
  return { access, refresh };
}

export type RotationResult =
  | {
      ok: true;
      userId: number;
      familyId: string;
      refresh: IssuedRefreshToken;
      /** The session version the family was checked against: the new access token's. */
      sessionVersion: number;
    }
  | { ok: false; reason: "invalid" | "expired" | "revoked" };

/**
 * Trades a refresh token for its successor. Each token works once, and once more within
 * REFRESH_REUSE_GRACE_SECONDS (10 s at most) for a second tab refreshing at the same
 * moment. Any other presentation is reuse: the whole family is revoked, and every access
 * token minted from it (`fid`) denied, so neither the thief nor the victim can go on and
 * the theft shows. A family minted before the user's last "sign out everywhere" is dead
 * too. The successor is stored in the same atomic step that spends this token (see the
 * store's `consumeRefreshToken`), so a store that fails midway leaves nothing for the
 * client's retry to be taken for reuse.
 */
export async function rotateRefreshToken(token: string, now = Date.now()): Promise<RotationResult> {
  const { refreshTokenTtlMs, refreshReuseGraceMs } = jwtSettings();
  const successor = newRefreshToken();
  const outcome = await store().consumeRefreshToken(
    hashRefreshToken(token),
    { tokenHash: hashRefreshToken(successor), ttlMs: refreshTokenTtlMs },
    now,
    refreshReuseGraceMs,
  );
  switch (outcome.status) {
    case "rotated":
      return {
        ok: true,
        userId: outcome.userId,
        familyId: outcome.familyId,
        refresh: { token: successor, expiresAt: outcome.successorExpiresAt },
        sessionVersion: outcome.sessionVersion,
      };
    case "expired":
      return { ok: false, reason: "expired" };
    case "reused":
    case "revoked":
      // A family revoked before is denied again: when the store failed after revoking a reused
      // family, before this deny (or Redis's answer to it was lost), the client's retry is the
      // only later request that names the family. Denying again only ever lengthens a deny.
      await denyFamily(outcome.familyId, now);
      return { ok: false, reason: "revoked" };
    case "unknown":
      return { ok: false, reason: "invalid" };
  }
}

export type RefreshResult = { ok: true; access: IssuedAccessToken; refresh: IssuedRefreshToken } | Extract<RotationResult, { ok: false }>;

/**
 * `POST /api/jwt/refresh`: spends the refresh token for its successor (see
 * {@link rotateRefreshToken}) and mints a new access token for the family's user, under the
 * session version the family was just checked against, not whatever the store says by now:
 * a "sign out everywhere" landing between the two steps ends the new token too.
 *
 * @example
 * const refreshed = await refreshSession(presented);
 * if (!refreshed.ok) throw new AuthError(refreshed.reason, "cookie");
 */
export async function refreshSession(token: string, now = Date.now()): Promise<RefreshResult> {
  const rotation = await rotateRefreshToken(token, now);
  if (!rotation.ok) return rotation;
  const user = findUserById(rotation.userId);
  if (!user) return { ok: false, reason: "invalid" }; // deleted since sign-in
  const access = await issueAccessToken(user, { now, sessionVersion: rotation.sessionVersion, familyId: rotation.familyId });
  return { ok: true, access, refresh: rotation.refresh };
}

/** Logout with a refresh token: ends the sign-in it belongs to (see {@link endSignIn}). Unknown tokens are ignored. */
export async function revokeRefreshToken(token: string, now = Date.now()): Promise<void> {
  const familyId = await store().refreshFamilyOf(hashRefreshToken(token));
  if (familyId !== null) await endSignIn(familyId, now);
}
