import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { CallbacksOptions, User as NextAuthUser } from "next-auth";
import { decodeProtectedHeader } from "jose";
import { decode, type JWT, type JWTDecodeParams } from "next-auth/jwt";
import { z } from "zod";
import { isCanonicalBase64url } from "../../base64url";
import { env } from "../../env";
import { safeNextPath } from "../../origin";
import { isCredentialRevoked, revocationCheckEnabled, store, StoreUnavailableError } from "../../store";
import { InvalidCredentialsError, logUnexpected, PasswordUncheckedError, TooManyAttemptsError } from "../../errors";
import { signIn } from "../../throttle";
import { credentialsSchema, findUserById, ROLES } from "../../users";
import { VERIFIED_CACHE_CAPACITY, VerifiedCache } from "../../verified-cache";

/** The `error` next-auth's URL carries when a sign-in fails for a reason of ours, not the user's. */
export const SIGN_IN_FAILED = "SignInFailed";

/**
 * The Credentials provider's check: the same store, the same password hashing, and
 * the same single answer (null) for an unknown user and a wrong password.
 */
export async function authorizeCredentials(
  credentials: Record<string, unknown> | undefined,
  request?: { headers?: Record<string, unknown> },
): Promise<NextAuthUser | null> {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const headers = { get: (name: string) => (typeof request?.headers?.[name] === "string" ? request.headers[name] : null) };
  try {
    const user = await signIn(parsed.data.username, parsed.data.password, { headers });
    return { id: String(user.id), username: user.username, role: user.role };
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return null;
    // Too many attempts: next-auth answers 401 with error=<message> in its URL.
    if (error instanceof TooManyAttemptsError) throw error;
    if (isOutage(error)) return rethrowNotingOutage(error);
    // Anything else would put its own message in that URL: name it in the log only.
    logUnexpected(error, "during a next-auth sign-in");
    throw new Error(SIGN_IN_FAILED);
  }
}

/** What answers 503 instead of next-auth: the store is down, or sign-ins are too many to check. */
type Outage = StoreUnavailableError | PasswordUncheckedError;

const isOutage = (error: unknown): error is Outage => error instanceof StoreUnavailableError || error instanceof PasswordUncheckedError;

interface OutageMet {
  error?: Outage;
}

/**
 * next-auth turns whatever its callbacks throw into an answer of its own: "no session", with
 * the cookie cleared, from a session read, or a sign-in error with the message in its URL.
 * An outage is neither, so the callbacks note it here, for the request they run in, and the
 * route answers with the outage (a 503, lib/http.ts) instead of next-auth's answer.
 */
const outages = new AsyncLocalStorage<OutageMet>();

/** Runs next-auth for one request, and throws the outage its callbacks met, if any. */
export async function failingClosedOnOutage(run: () => Promise<Response>): Promise<Response> {
  const met: OutageMet = {};
  const answer = await outages.run(met, run);
  if (met.error) throw met.error;
  return answer;
}

/** What next-auth gets instead of an outage: a message that names nothing. */
class OutageNoted extends Error {
  override readonly name = "OutageNoted";
  constructor() {
    super("Service unavailable");
  }
}

/** Notes an outage for {@link failingClosedOnOutage}, and hands next-auth an {@link OutageNoted}. */
function rethrowNotingOutage(error: unknown): never {
  if (!isOutage(error)) throw error;
  const met = outages.getStore();
  if (met) met.error ??= error;
  throw new OutageNoted();
}

/** Thrown inside next-auth's session read: next-auth then answers "no session" and clears the cookie. */
export class RevokedSessionError extends Error {
  override readonly name = "RevokedSessionError";
}

/**
 * Runs at sign-in (with `user`) and on every session read. At sign-in it writes who
 * the user is and a fresh session id; afterwards it refuses revoked sessions and
 * refreshes the role from the database, so a demotion applies at once.
 */
export const jwtCallback: CallbacksOptions["jwt"] = async ({ token, user }) => {
  try {
    if (user) {
      const uid = Number(user.id);
      const sv = await store().sessionVersion(uid);
      return { sub: user.id, uid, username: user.username, role: user.role, sid: randomUUID(), sv };
    }
    if (await isNextAuthTokenRevoked(token)) throw new RevokedSessionError();
  } catch (error) {
    return rethrowNotingOutage(error);
  }
  const current = token.uid === undefined ? null : findUserById(token.uid);
  if (!current) throw new RevokedSessionError();
  return { ...token, username: current.username, role: current.role };
};

/** The revocation check for a decrypted next-auth token; the guard makes it too, since it runs no callbacks. */
export async function isNextAuthTokenRevoked(token: JWT, checkRevocation = revocationCheckEnabled()): Promise<boolean> {
  if (!token.sid || token.uid === undefined || token.sv === undefined) return true;
  return checkRevocation && isCredentialRevoked(token.sid, token.uid, token.sv);
}

/** What `/api/auth/session` and `getServerSession` show: the public fields, nothing more. */
export const sessionCallback: CallbacksOptions["session"] = ({ session, token }) => {
  if (token.uid === undefined || !token.username || !token.role) return { expires: session.expires, user: session.user };
  return { expires: session.expires, user: { id: token.uid, username: token.username, role: token.role } };
};

/** `callbackUrl` only ever leads back into this site. */
export const redirectCallback: CallbacksOptions["redirect"] = ({ url, baseUrl }) => {
  const base = new URL(baseUrl);
  let path: string | null = url;
  if (!url.startsWith("/")) {
    try {
      const absolute = new URL(url);
      path = absolute.origin === base.origin ? `${absolute.pathname}${absolute.search}${absolute.hash}` : null;
    } catch {
      path = null;
    }
  }
  return new URL(safeNextPath(path, "/nextauth"), base).toString();
};

/**
 * Denies every cookie of this session, for as long as any of them can live. Not until the
 * presented cookie's `exp`: next-auth re-issues the cookie, same `sid` and a later `exp`, on
 * every `/api/auth/session` read, so a copy refreshed after this one would outlive it. A copy
 * issued before now expires within the session's max age; the minute on top covers
 * next-auth's 15 s clock tolerance on decode and a read that passed its check just before this.
 */
export async function revokeNextAuthSession(sid: string, now = Date.now()): Promise<void> {
  await store().revokeId(sid, now + (env().NEXTAUTH_SESSION_TTL_SECONDS + 60) * 1000);
}

export type SessionTokenResult = { ok: true; token: JWT } | { ok: false; reason: "expired" | "invalid" };

/**
 * Decrypts a session cookie's token as next-auth does ({@link decodeSessionToken}). Never
 * throws for a bad token: the reason is in the result, from jose's stable error codes.
 * Revocation is the caller's to check ({@link isNextAuthTokenRevoked}).
 *
 * @example
 * const cookie = readSessionCookie(request);
 * const verified = cookie === null ? null : await verifySessionToken(cookie);
 */
export async function verifySessionToken(token: string): Promise<SessionTokenResult> {
  try {
    const decoded = await decodeSessionToken({ token, secret: env().NEXTAUTH_SECRET });
    return decoded ? { ok: true, token: decoded } : { ok: false, reason: "invalid" };
  } catch (error) {
    const code = joseErrorCode(error);
    if (!code) throw error; // a bug, not a bad token
    return { ok: false, reason: code === "ERR_JWT_EXPIRED" ? "expired" : "invalid" };
  }
}

// next-auth decrypts the session cookie on every read; a cookie that decrypted before
// is remembered by its exact value until its own expiry (see VerifiedCache). The jwt
// callback, with its revocation check, still runs on every read.
const decodedSessions = new VerifiedCache<JWT>(VERIFIED_CACHE_CAPACITY);

// The claims jwtCallback writes, with their types. A token that decrypts but holds them with
// other types was not written by this app (only a holder of the secret could make one): it
// is no session, like a cookie that does not decrypt, never a 500 further on.
const appClaims = z.object({
  uid: z.number().int().positive().optional(),
  username: z.string().optional(),
  role: z.enum(ROLES).optional(),
  sid: z.string().optional(),
  sv: z.number().int().nonnegative().optional(),
});

// What next-auth 4 encrypts with, and all it should decrypt: its `decode` follows whatever
// algorithm a token's header names. A forged header naming PBES2 made each request run 10,000
// PBKDF2 rounds before failing (about 1 ms here, against 0.1 ms for a token that fails at once).
const SESSION_TOKEN_HEADER = { alg: "dir", enc: "A256GCM" } as const;

function hasSessionTokenHeader(token: string): boolean {
  try {
    const { alg, enc } = decodeProtectedHeader(token);
    return alg === SESSION_TOKEN_HEADER.alg && enc === SESSION_TOKEN_HEADER.enc;
  } catch {
    return false; // no JWE header at all
  }
}

/**
 * next-auth's own `decode`, with decrypted session cookies remembered, for next-auth's own
 * header only, and of this app's shape. null when the token is none of ours; jose's error
 * (with its `code`) when it is not genuine or has expired.
 */
export async function decodeSessionToken(params: JWTDecodeParams): Promise<JWT | null> {
  const { token, salt } = params;
  if (typeof token !== "string") return null;
  const cacheable = !salt;
  const cached = cacheable ? decodedSessions.get(token, Date.now()) : undefined;
  if (cached) return { ...cached }; // its header passed when it was remembered
  if (!hasSessionTokenHeader(token)) return null;
  // The parts after the header as they were written, not other spellings jose would decode alike.
  if (!token.split(".").slice(1).every(isCanonicalBase64url)) return null;
  const decoded = await decode(params);
  const payload = decoded && appClaims.safeParse(decoded).success ? decoded : null;
  if (cacheable && payload && typeof payload.exp === "number") decodedSessions.set(token, { ...payload }, payload.exp * 1000);
  return payload;
}

/**
 * The code of an error jose threw for a token that is not genuine, or has expired. next-auth
 * decrypts with its own copy of jose (not this app's, so no instanceof), whose errors carry a
 * stable code: ERR_JWE_…, ERR_JWT_…, ERR_JOSE_….
 */
function joseErrorCode(error: unknown): string | undefined {
  const code = error instanceof Error && "code" in error ? error.code : undefined;
  return typeof code === "string" && code.startsWith("ERR_J") ? code : undefined;
}

/**
 * Whether what next-auth met reading a session cookie is the server's fault: in its session
 * read (logged as JWT_SESSION_ERROR) or at sign-out (SIGNOUT_ERROR). A cookie that holds no
 * session, or no longer does (forged, expired, not this app's, revoked), is not: any client
 * can send one with every request, and the other approaches answer theirs with a 401 and no
 * log line. Nor is an outage: the route answers it with a 503, and the store logs it.
 */
export function isServerFault(error: unknown): boolean {
  if (error instanceof RevokedSessionError || error instanceof OutageNoted || joseErrorCode(error)) return false;
  // next-auth's own error when decode answers null (next-auth/core/routes/session.js).
  return !(error instanceof Error && error.message === "JWT invalid");
}
