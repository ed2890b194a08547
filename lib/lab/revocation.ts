import "server-only";
import { performance } from "node:perf_hooks";
import type { ApproachId } from "../approach-ids";
import { readSessionCookie as readSealedCookie } from "../auth/cookie/config";
import { revokeSession, unsealSession } from "../auth/cookie/session";
import { refreshCookieCopies } from "../auth/jwt/config";
import { readBearerToken } from "../auth/jwt/guard";
import { revokeAccessToken, revokeRefreshToken, verifyAccessToken } from "../auth/jwt/session";
import { readSessionCookie } from "../auth/nextauth/config";
import { isNextAuthTokenRevoked, revokeNextAuthSession, verifySessionToken } from "../auth/nextauth/session";
import { readSessionCookie as readServerSessionCookie } from "../auth/server-session/config";
import { invalidateSession, validateSessionToken } from "../auth/server-session/session";
import { env } from "../env";
import { AuthError } from "../errors";
import { NO_STORE, route } from "../http";
import { assertSameOrigin } from "../origin";
import type { IncomingRequest } from "../request";
import { store } from "../store";

/** How many times the copy is replayed after revocation. */
const REPLAYS = 20;

/** What happened to a copy of a credential after it was revoked. */
export interface RevocationReport {
  approach: ApproachId;
  /** The copy's size in bytes, and when it would expire on its own. */
  credential: { bytes: number; expiresAt: string };
  replays: number;
  /** Replays the app's API would accept, as it checks (REVOCATION_CHECK=off turns the store check off): 0 is the point. */
  acceptedWithCheck: number;
  /** Replays a verifier without the store would accept: all of them, until expiry. */
  acceptedWithoutCheck: number;
  /** Seconds the copy would have kept working without the check. */
  secondsLeftWithoutCheck: number;
  /** Median cost of one verification, as the API makes it and without the store lookup, in microseconds. */
  medianMicros: { withCheck: number; withoutCheck: number };
  store: "sqlite" | "redis";
  /** This server's REVOCATION_CHECK: "off" (benchmarks only) is why a revoked copy gets through. */
  revocationCheck: "on" | "off";
}

type Verify = () => Promise<boolean>;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function replay(withCheck: Verify, withoutCheck: Verify) {
  const timings = { withCheck: [] as number[], withoutCheck: [] as number[] };
  let acceptedWithCheck = 0;
  let acceptedWithoutCheck = 0;
  for (let i = 0; i < REPLAYS; i++) {
    let started = performance.now();
    if (await withCheck()) acceptedWithCheck++;
    timings.withCheck.push((performance.now() - started) * 1000);
    started = performance.now();
    if (await withoutCheck()) acceptedWithoutCheck++;
    timings.withoutCheck.push((performance.now() - started) * 1000);
  }
  return {
    replays: REPLAYS,
    acceptedWithCheck,
    acceptedWithoutCheck,
    medianMicros: { withCheck: Math.round(median(timings.withCheck)), withoutCheck: Math.round(median(timings.withoutCheck)) },
  };
}

function report(approach: RevocationReport["approach"], copy: string, expSeconds: number, results: Awaited<ReturnType<typeof replay>>) {
  return {
    approach,
    credential: { bytes: Buffer.byteLength(copy), expiresAt: new Date(expSeconds * 1000).toISOString() },
    ...results,
    // A copy nobody would accept without the check has no life left to speak of.
    secondsLeftWithoutCheck: results.acceptedWithoutCheck === 0 ? 0 : Math.max(0, Math.round(expSeconds - Date.now() / 1000)),
    store: store().kind,
    revocationCheck: env().REVOCATION_CHECK,
  } satisfies RevocationReport;
}

/**
 * Copies the caller's access token, signs it out (as `POST /api/jwt/logout` does),
 * then replays the copy through the same verification the API runs, then again
 * without the store check.
 */
export async function jwtRevocationLab(request: IncomingRequest): Promise<RevocationReport> {
  const bearer = readBearerToken(request);
  if (bearer.token === null) throw new AuthError(bearer.reason, "bearer");
  const copy = bearer.token;
  const verified = await verifyAccessToken(copy, { checkRevocation: true });
  if (!verified.ok) throw new AuthError(verified.reason, "bearer");

  await revokeAccessToken(verified.claims);
  for (const refresh of refreshCookieCopies(request)) await revokeRefreshToken(refresh);

  const results = await replay(
    async () => (await verifyAccessToken(copy)).ok,
    async () => (await verifyAccessToken(copy, { checkRevocation: false })).ok,
  );
  return report("jwt", copy, verified.claims.exp, results);
}

/** The same for the iron-session cookie: copy the seal, log out, replay the copy. */
export async function cookieRevocationLab(request: IncomingRequest): Promise<RevocationReport> {
  const cookie = readSealedCookie(request);
  if (cookie.value === null) throw new AuthError(cookie.reason, "cookie");
  const copy = cookie.value;
  const opened = await unsealSession(copy, { checkRevocation: true });
  if (!opened.ok) throw new AuthError(opened.reason, "cookie");

  await revokeSession(opened.session);
  const results = await replay(
    async () => (await unsealSession(copy)).ok,
    async () => (await unsealSession(copy, { checkRevocation: false })).ok,
  );
  return report("cookie", copy, opened.session.exp, results);
}

/** The same for next-auth's cookie: copy the JWE, sign out, replay through the guard's decode (+ the callback's check). */
export async function nextAuthRevocationLab(request: IncomingRequest): Promise<RevocationReport> {
  const cookie = readSessionCookie(request); // past 4 KB next-auth splits it into chunks: the guard reads it this way too
  if (cookie.value === null) throw new AuthError(cookie.reason, "cookie");
  const copy = cookie.value;
  const open = async () => {
    const verified = await verifySessionToken(copy);
    return verified.ok ? verified.token : null;
  };
  const token = await open();
  if (!token?.sid || typeof token.exp !== "number" || (await isNextAuthTokenRevoked(token, true))) throw new AuthError("invalid", "cookie");

  await revokeNextAuthSession(token.sid);
  const results = await replay(
    async () => {
      const decoded = await open();
      return decoded !== null && !(await isNextAuthTokenRevoked(decoded));
    },
    async () => (await open()) !== null,
  );
  return report("nextauth", copy, token.exp, results);
}

/**
 * The same for a server-side session. There is nothing to verify without the store:
 * the cookie is an opaque id, so "without the check" accepts nothing, ever.
 */
export async function serverSessionRevocationLab(request: IncomingRequest): Promise<RevocationReport> {
  const cookie = readServerSessionCookie(request);
  if (cookie.value === null) throw new AuthError(cookie.reason, "cookie");
  const copy = cookie.value;
  const live = await validateSessionToken(copy);
  if (!live.ok) throw new AuthError(live.reason, "cookie");

  await invalidateSession(live.session.id);
  const results = await replay(
    async () => (await validateSessionToken(copy)).ok,
    async () => false,
  );
  return report("server-session", copy, live.session.absoluteExpiresAt / 1000, results);
}

/**
 * `POST /api/{approach}/revocation-lab`: time to revocation, measured on the caller's
 * own credential. It lives under each approach's path so that every cookie the
 * approach scopes there (the JWT refresh cookie: Path=/api/jwt) comes along and is
 * revoked too. The caller is signed out afterwards, as after any logout.
 */
export function revocationLabRoute(
  lab: (request: IncomingRequest) => Promise<RevocationReport>,
  clearCookie?: (request: IncomingRequest) => Promise<void>,
) {
  return {
    POST: route(async (request) => {
      assertSameOrigin(request);
      const result = await lab(request);
      await clearCookie?.(request);
      return Response.json(result, { headers: NO_STORE });
    }),
  };
}
