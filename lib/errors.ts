import "server-only";
import { ConfigError } from "./env";

/**
 * The errors the app throws on purpose. Callers read the typed `reason` where there is one;
 * `errorResponse` in `lib/http.ts` is the only place that turns them into status codes.
 */

/** Why a request carries no usable credential. */
export type AuthFailure = "missing" | "malformed" | "expired" | "invalid" | "revoked";

/** How the credential travelled: decides the `WWW-Authenticate` challenge. */
export type CredentialScheme = "bearer" | "cookie";

/** No credential, or one that cannot be used: 401 (400 for a malformed Authorization header). */
export class AuthError extends Error {
  constructor(
    readonly reason: AuthFailure,
    readonly scheme: CredentialScheme,
  ) {
    super(`Not signed in (${reason})`);
  }
}

/** Signed in, but the role does not allow this: 403 (with a bearer challenge for a bearer token). */
export class ForbiddenError extends Error {
  constructor(readonly scheme: CredentialScheme) {
    super("Forbidden (insufficient_scope)");
  }
}

/** A state-changing request that a browser sent from another site (CSRF): 403, whatever it carries. */
export class CrossSiteError extends Error {
  constructor() {
    super("Forbidden (cross-site request)");
  }
}

/** Wrong username or password; deliberately says nothing about which: 401. */
export class InvalidCredentialsError extends Error {
  constructor() {
    super("Invalid username or password");
  }
}

/** The request itself is wrong: 400, 404, 409, 413 or 415 as `status` says. */
export class RequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 415,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** Too many requests of one kind for now (sign-ins, runs of a lab): 429, and when to try again. */
export class TooManyRequestsError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    /** What the 429 tells the client. */
    readonly detail: string,
    message = detail,
  ) {
    super(message);
  }
}

/** Too many failed sign-ins for this account or client address: 429, try again later. */
export class TooManyAttemptsError extends TooManyRequestsError {
  constructor(retryAfterSeconds: number) {
    super(retryAfterSeconds, "Too many failed sign-ins. Wait a while before trying again.", "Too many failed sign-ins");
  }
}

/**
 * A sign-in whose password could not be checked at all, so nothing is known about it: 503,
 * try again shortly, and the attempt counts against neither the account nor the address.
 */
export class PasswordUncheckedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    /** What the 503 tells the client. */
    readonly detail: string,
  ) {
    super(message);
  }
}

/** More sign-ins than the hashing threads can check: one waited too long for a thread. */
export class SignInsBusyError extends PasswordUncheckedError {
  constructor(retryAfterSeconds: number) {
    super("Too many sign-ins at once", retryAfterSeconds, "Too many sign-ins are being checked at once. Try again shortly.");
  }
}

/**
 * A hashing thread stopped during its check, or none could start (the system out of threads
 * or memory, say): a fault of the server's, logged where it happened, and not the client's.
 */
export class HashingFailedError extends PasswordUncheckedError {
  override readonly name = "HashingFailedError";
  constructor(message: string) {
    super(message, 5, "Passwords cannot be checked right now. Try again shortly.");
  }
}

// The codes of Node's errors (ERR_…, MODULE_NOT_FOUND), of the system (ENOENT, ECONNREFUSED)
// and of SQLite (SQLITE_BUSY): fixed vocabularies, unlike a message.
const ERROR_CODE = /^(?:ERR_[A-Z0-9_]{1,60}|MODULE_NOT_FOUND|E[A-Z]{2,15}|SQLITE_[A-Z_]{1,40})$/;

/**
 * Logs that something unexpected went wrong, and during what: the error's kind only, and its
 * code when it is one of Node's, the system's or SQLite's. A message can carry anything (a token, a file
 * path, a row), so it is never logged, but for a {@link ConfigError}'s: that one is written for
 * whoever runs the server, as start-up prints it (lib/startup.ts), naming the setting and the fix.
 */
export function logUnexpected(error: unknown, during: string): void {
  if (error instanceof ConfigError) return console.error(`[session-lab] ${during}: ${error.message}`);
  const kind = error instanceof Error ? error.name : typeof error;
  const code = codeOf(error);
  console.error(`[session-lab] unexpected ${kind}${code ? ` (${code})` : ""} ${during}`);
}

function codeOf(error: unknown): string | undefined {
  if (!(error instanceof Error) || !("code" in error) || typeof error.code !== "string") return undefined;
  return ERROR_CODE.test(error.code) ? error.code : undefined;
}
