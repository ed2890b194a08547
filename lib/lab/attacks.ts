import "server-only";
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { sealData } from "iron-session";
import { SignJWT, base64url, exportJWK, generateKeyPair } from "jose";
import { encode as encodeNextAuth } from "next-auth/jwt";
import { APPROACH_IDS, type ApproachId } from "../approach-ids";
import { sessionCookie } from "../auth/cookie/config";
import { sealSession } from "../auth/cookie/session";
import { REFRESH_COOKIE_NAME } from "../auth/jwt/config";
import { signingKeys } from "../auth/jwt/keys";
import { issueAccessToken, revokeRefreshToken, rotateRefreshToken, startRefreshFamily } from "../auth/jwt/session";
import { sessionCookieName, sessionMaxAgeSeconds } from "../auth/nextauth/config";
import { sessionCookie as serverSessionCookie } from "../auth/server-session/config";
import { createSession, invalidateSession } from "../auth/server-session/session";
import { env } from "../env";
import { TooManyAttemptsError } from "../errors";
import { readSetCookie } from "../exchange";
import { store } from "../store";
import { ADDRESS_VOUCH_HEADER, FAILURE_WINDOW_MS, accountKey, vouchedAddress } from "../throttle";
import { loopbackOrigin } from "../loopback";
import { findUserById, type User } from "../users";
import { sharedRun } from "./shared-run";


/** One crafted request, as sent. */
export interface LabRequest {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export type Verdict = "refused" | "allowed";

/** A verdict on one cell of the matrix. */
export interface LabResult {
  attack: string;
  approach: ApproachId;
  sent: { method: string; path: string; headers: Record<string, string> };
  status: number;
  verdict: Verdict;
  expected: Verdict;
  /** What the verdict means, in a sentence. */
  note: string;
}

/**
 * Why a cell ran but tested nothing:
 * - `server-error`: the app failed (a 5xx is a defect, not a refusal);
 * - `locked-out`: the throttle refused a sign-in it needs (someone has bob locked out);
 * - `limit-out-of-reach`: the sign-in limit is as high as the guesses the lab sends, or higher;
 * - `not-reached`: another answer came before the check under test (a sign-out that did not
 *   go through, a CSRF post refused for its body rather than its origin).
 */
export type UntestedReason = "server-error" | "locked-out" | "limit-out-of-reach" | "not-reached";

/** A cell that ran but tested nothing, and why. */
export interface UntestedCell {
  attack: string;
  approach: ApproachId;
  reason: UntestedReason;
  /** Every answer's status, in order. */
  statuses: number[];
}

/** Everything the attacks start from: fresh credentials for a user, made the way sign-in makes them. */
interface Victim {
  user: User;
  accessToken: string;
  /** Bob's refresh token, its family started on first use: two cells need one, and a family stays in the store. */
  refreshToken(): Promise<string>;
  /** The refresh token handed out, if a cell asked for one: {@link retire} revokes its family. */
  refreshTokenGiven?: Promise<string>;
  seal: string;
  nextAuthCookie: string;
  serverSession: string;
}

interface Attack {
  id: string;
  title: string;
  /** Cells that are refused are the point; "allowed" marks a trade-off the approach makes by design. */
  expected: Verdict;
  /** Approaches that make this attack's trade-off by design: "allowed" is expected of them. */
  allowedByDesign?: readonly ApproachId[];
  note: string;
  approaches: readonly ApproachId[];
  craft(approach: ApproachId, victim: Victim, origin: string): Promise<LabRequest | LabRequest[]>;
  /** Undoes what the attack's answered requests did to a real user (a wrong password counted against bob). */
  after?(answers: readonly LabAnswer[], approach: ApproachId): Promise<void>;
  /**
   * How to read the answers when the status alone does not say (default: any 2xx is "allowed").
   * Null when they never reached the check under test (a sign-in it needs was refused): no
   * verdict is better than a wrong one.
   */
  judge?(answers: readonly LabAnswer[], approach: ApproachId): Verdict | null;
  /** Why `judge` gave no verdict, where neither a 5xx nor the throttle says (default: `not-reached`). */
  untestedBecause?(answers: readonly LabAnswer[]): UntestedReason | undefined;
}

/** The cookie each approach reads, named as for the lab's own plain-http loopback requests (no __Host- prefix). */
export function cookieName(approach: ApproachId): string {
  const loopback = { url: "http://127.0.0.1/", headers: new Headers() };
  switch (approach) {
    case "jwt":
      return REFRESH_COOKIE_NAME;
    case "cookie":
      return sessionCookie(loopback).name;
    case "nextauth":
      return sessionCookieName();
    case "server-session":
      return serverSessionCookie(loopback).name;
  }
}

/** 0 for the cookie `name` itself, i for `name.i` (a next-auth chunk), null for any other cookie. */
export function chunkIndex(cookie: string, name: string): number | null {
  if (cookie === name) return 0;
  const suffix = cookie.startsWith(`${name}.`) ? /^\d+$/.exec(cookie.slice(name.length + 1)) : null;
  return suffix ? Number(suffix[0]) : null;
}

/** Whether a `Set-Cookie` line sets `approach`'s session cookie, whole or one of its chunks. */
const isSessionCookieLine = (approach: ApproachId) => (line: string) => chunkIndex(readSetCookie(line).name, cookieName(approach)) !== null;

const COOKIE_APPROACHES = ["cookie", "nextauth", "server-session"] as const;
const now = () => Math.floor(Date.now() / 1000);
const sessionIdOf = (serverSessionToken: string) => serverSessionToken.split(".")[0] ?? "";

/**
 * A fresh documentation address (RFC 3849) for one cell's sign-in tries: they count against
 * neither the address of whoever is watching nor, run after run, one address of the lab's own.
 */
const labAddress = () => `2001:db8:${randomInt(0x10000).toString(16)}:${randomInt(0x10000).toString(16)}::1`;

const credentialOf = (approach: ApproachId, victim: Victim): Record<string, string> => {
  switch (approach) {
    case "jwt":
      return { authorization: `Bearer ${victim.accessToken}` };
    case "cookie":
      return { cookie: `${cookieName(approach)}=${victim.seal}` };
    case "nextauth":
      return { cookie: `${cookieName(approach)}=${victim.nextAuthCookie}` };
    case "server-session":
      return { cookie: `${cookieName(approach)}=${victim.serverSession}` };
  }
};

/** next-auth's CSRF token, and the cookie that carries its other half (a double-submit check). */
async function nextAuthCsrf(origin: string): Promise<{ csrfToken: string; cookie: string }> {
  const csrf = await fetch(new URL("/api/auth/csrf", origin), { cache: "no-store", signal: AbortSignal.timeout(LAB_REQUEST_TIMEOUT_MS) });
  const parsed: unknown = await csrf.json();
  const csrfToken = typeof parsed === "object" && parsed !== null && "csrfToken" in parsed ? String(parsed.csrfToken) : "";
  return { csrfToken, cookie: csrf.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ") };
}

/**
 * Sign-in attempts at `approach`, all from one fresh lab address: JSON to its login route, or
 * to next-auth's Credentials callback with one CSRF token for them all (`json: "true"` asks
 * for `{url}` instead of a redirect).
 */
async function signInAttempts(approach: ApproachId, origin: string): Promise<(username: string, password: string) => LabRequest> {
  const headers = { "content-type": "application/json", ...vouchedAddress(labAddress()) };
  if (approach !== "nextauth") {
    return (username, password) => ({ method: "POST", path: `/api/${approach}/login`, headers, body: JSON.stringify({ username, password }) });
  }
  const { csrfToken, cookie } = await nextAuthCsrf(origin);
  return (username, password) => ({
    method: "POST",
    path: "/api/auth/callback/credentials",
    headers: { ...headers, cookie },
    body: JSON.stringify({ username, password, csrfToken, json: "true" }),
  });
}

/** A member of the answer's JSON body; undefined when the body is no JSON object, or lacks it. */
function bodyMember(answer: LabAnswer, name: string): unknown {
  try {
    const parsed: unknown = JSON.parse(answer.body);
    return typeof parsed === "object" && parsed !== null && name in parsed ? Reflect.get(parsed, name) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a JWT sign-in's or refresh's answer hands the page's script an access token. */
const accessTokenIn = (answer: LabAnswer) => typeof bodyMember(answer, "access_token") === "string";

/**
 * Where next-auth would have redirected, asked with `json: "true"`: the `url` of its body; ""
 * for none (a redirect, or a problem from the route around next-auth).
 */
function nextAuthUrl(answer: LabAnswer): string {
  const url = bodyMember(answer, "url");
  return url === undefined ? "" : String(url);
}

/**
 * The `error` a next-auth sign-in leads to (`/api/auth/error?error=…`), null for none. It
 * answers 401 for both refusals, so this is what tells them apart: `CredentialsSignin` for a
 * wrong password or an unknown user, and the message of what `authorize` threw otherwise.
 */
function nextAuthError(answer: LabAnswer): string | null {
  try {
    return new URL(nextAuthUrl(answer), "http://127.0.0.1").searchParams.get("error");
  } catch {
    return null;
  }
}
const WRONG_CREDENTIALS = "CredentialsSignin";
// What the shared throttle throws; authorizeCredentials lets it through to next-auth's URL.
const THROTTLED = new TooManyAttemptsError(0).message;

/** Whether a sign-in was checked and refused as a wrong password (so it counted against the account). */
const wasWrongPassword = (answer: LabAnswer | undefined, approach: ApproachId) =>
  answer !== undefined && (approach === "nextauth" ? nextAuthError(answer) === WRONG_CREDENTIALS : answer.status === 401);

/** Whether the throttle refused a sign-in before checking its password: 429, or next-auth's 401 leading to its error. */
const wasThrottled = (answer: LabAnswer, approach: ApproachId) =>
  approach === "nextauth" ? nextAuthError(answer) === THROTTLED : answer.status === 429;

/** Whether the guesses sent stopped short of the account's sign-in limit, so that none could meet it. */
const limitOutOfReach = (guesses: readonly LabAnswer[]) => guesses.length <= env().LOGIN_MAX_FAILURES_PER_ACCOUNT;

const me = (approach: ApproachId, headers: Record<string, string>): LabRequest => ({ method: "GET", path: `/api/${approach}/me`, headers });
const bearer = (token: string) => me("jwt", { authorization: `Bearer ${token}` });
const withCookie = (approach: ApproachId, value: string) =>
  me(approach, { cookie: `${cookieName(approach)}=${value}` });

/** Access-token claims for `user`, valid unless an attack changes them. */
export async function claimsFor(user: User) {
  const { JWT_ISSUER, JWT_AUDIENCE } = env();
  return { iss: JWT_ISSUER, aud: JWT_AUDIENCE, sub: String(user.id), role: user.role, sv: await store().sessionVersion(user.id), fid: randomUUID(), jti: randomUUID(), iat: now(), exp: now() + 300 };
}

/** Signed with the server's real key: only the claim checks can refuse these. */
export async function signedWithRealKey(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const { kid, privateKey } = await signingKeys();
  return new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid, ...header }).sign(privateKey);
}

async function signedWithAttackerKey(claims: Record<string, unknown>, header: (jwk: Record<string, unknown>) => Record<string, unknown>) {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const jwk = { ...(await exportJWK(publicKey)) };
  return new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", ...header(jwk) }).sign(privateKey);
}

/** One base64url character changed, in the middle: a whole 6-bit symbol, never the last one's padding bits. */
const changeOne = (part: string) => {
  const at = Math.floor(part.length / 2);
  return `${part.slice(0, at)}${part[at] === "A" ? "B" : "A"}${part.slice(at + 1)}`;
};
// About half, cut at a multiple of 4 characters (3 whole bytes): still base64url as a
// token's parts are written (lib/base64url.ts), so only the check under test can refuse it.
const halve = (part: string) => part.slice(0, Math.floor(part.length / 8) * 4);

/** `value` with its `index`-th `separator`-separated part passed through `edit`. */
function editPart(value: string, separator: string, index: number, edit: (part: string) => string): string {
  return value.split(separator).map((part, at) => (at === index ? edit(part) : part)).join(separator);
}

/**
 * A copy of a credential with one character changed, and one cut short, both in the
 * credential's own shape: so they get past its format check and are refused by the check
 * that matters (the seal's HMAC, the JWE's GCM tag, the hash of the session's secret, the
 * JWS's signature).
 *
 * @example
 * const [changed, truncated] = tamperedCopies("cookie", seal); // both still end in iron-session's "~2"
 */
export function tamperedCopies(approach: ApproachId, value: string): [changed: string, truncated: string] {
  switch (approach) {
    case "jwt": // header.payload.signature
      return [editPart(value, ".", 2, changeOne), editPart(value, ".", 2, halve)];
    case "cookie": {
      // Fe26.2*password-id*encryption-salt*iv*ciphertext*expiration*hmac-salt*hmac, then "~2".
      const [seal = "", version = ""] = value.split("~");
      return [`${editPart(seal, "*", 4, changeOne)}~${version}`, `${editPart(seal, "*", 7, halve)}~${version}`];
    }
    case "nextauth": // A JWE: header..iv.ciphertext.tag (dir, A256GCM).
      return [editPart(value, ".", 3, changeOne), editPart(value, ".", 4, halve)];
    case "server-session": // id.secret, of fixed lengths: a cut secret is refused by that shape.
      return [editPart(value, ".", 1, changeOne), editPart(value, ".", 1, halve)];
  }
}

const ATTACKS: readonly Attack[] = [
  {
    id: "altered-payload",
    title: "Altered payload (promote to admin)",
    expected: "refused",
    note: "The signature covers the payload: change one claim and it no longer verifies.",
    approaches: ["jwt"],
    async craft(_, victim) {
      const [header, payload, signature] = victim.accessToken.split(".");
      const claims: unknown = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
      // Only the role changes: bob's own sub, sv and fid stay, so the signature is all that can refuse it
      // (another user's sub would meet that user's session version, and be refused as revoked).
      const promoted = base64url.encode(JSON.stringify({ ...(typeof claims === "object" ? claims : {}), role: "admin" }));
      return bearer(`${header}.${promoted}.${signature}`);
    },
  },
  {
    id: "alg-none",
    title: "alg: none, in any spelling; an empty signature",
    expected: "refused",
    note: "One algorithm is pinned on verify; the token does not get to choose.",
    approaches: ["jwt"],
    async craft(_, victim) {
      const claims = await claimsFor(victim.user);
      const payload = base64url.encode(JSON.stringify(claims));
      const [header] = victim.accessToken.split(".");
      return [
        ...["none", "None", "NONE"].map((alg) => bearer(`${base64url.encode(JSON.stringify({ alg, typ: "at+jwt" }))}.${payload}.`)),
        bearer(`${header}.${payload}.`),
      ];
    },
  },
  {
    id: "key-confusion",
    title: "Key confusion: HS256 signed with the public key",
    expected: "refused",
    note: "HS256 is not on the allowlist, so the public key is never used as an HMAC secret.",
    approaches: ["jwt"],
    async craft(_, victim) {
      const { jwks, kid } = await signingKeys();
      const secret = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
      return bearer(await new SignJWT(await claimsFor(victim.user)).setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid }).sign(secret));
    },
  },
  {
    id: "embedded-key",
    title: "Key in the header (jwk) or behind a URL (jku, x5u)",
    expected: "refused",
    note: "Keys come from configuration only; a header's key is ignored and its URL never fetched.",
    approaches: ["jwt"],
    async craft(_, victim) {
      const claims = await claimsFor(victim.user);
      return [
        bearer(await signedWithAttackerKey(claims, (jwk) => ({ jwk }))),
        bearer(await signedWithAttackerKey(claims, () => ({ jku: "http://127.0.0.1:9/keys.json", kid: "attacker" }))),
        bearer(await signedWithAttackerKey(claims, () => ({ x5u: "http://127.0.0.1:9/cert.pem", kid: "attacker" }))),
      ];
    },
  },
  {
    id: "kid-injection",
    title: "kid injection: path traversal, SQL, shell",
    expected: "refused",
    note: "The kid is only ever a key in a map of configured keys: never a path, a query or a command.",
    approaches: ["jwt"],
    async craft(_, victim) {
      const claims = await claimsFor(victim.user);
      const kids = ["../../../../dev/null", "' OR '1'='1", "$(id)"];
      return Promise.all(kids.map(async (kid) => bearer(await signedWithAttackerKey(claims, () => ({ kid })))));
    },
  },
  {
    id: "claims",
    title: "Expired, not yet valid, wrong issuer or audience, no exp — signed with the real key",
    expected: "refused",
    note: "Every required claim is checked; a valid signature alone proves nothing.",
    approaches: ["jwt"],
    async craft(_, victim) {
      const claims = await claimsFor(victim.user);
      const withoutExp: Record<string, unknown> = { ...claims };
      delete withoutExp.exp;
      return Promise.all(
        [
          { ...claims, iat: now() - 400, exp: now() - 60 },
          { ...claims, nbf: now() + 3600 },
          { ...claims, iss: "https://evil.example" },
          { ...claims, aud: "another-api" },
          withoutExp,
        ].map(async (c) => bearer(await signedWithRealKey(c))),
      );
    },
  },
  {
    id: "wrong-type",
    title: "Another credential used as an access token",
    expected: "refused",
    note: "Access tokens are typed at+jwt; a refresh token or a next-auth cookie is not one.",
    approaches: ["jwt"],
    async craft(_, victim) {
      return [bearer(await victim.refreshToken()), bearer(victim.nextAuthCookie), bearer(await signedWithRealKey(await claimsFor(victim.user), { typ: "JWT" }))];
    },
  },
  {
    id: "tampered",
    title: "Tampered or truncated credential",
    expected: "refused",
    note: "Each copy keeps the credential's shape, so the real check answers: a character changed in the ciphertext fails the seal's HMAC or the JWE's GCM tag (in the session secret, its stored hash), and so does a MAC cut short (a cut session token, its fixed shape). Not signed in, 401, never a 500.",
    approaches: COOKIE_APPROACHES,
    async craft(approach, victim) {
      const value = credentialOf(approach, victim).cookie?.split("=").slice(1).join("=") ?? "";
      return tamperedCopies(approach, value).map((copy) => withCookie(approach, copy));
    },
  },
  {
    id: "foreign",
    title: "Credential made with another secret (or a made-up session id)",
    expected: "refused",
    note: "Only this server's secret opens its seals; only its store knows its session ids.",
    approaches: COOKIE_APPROACHES,
    async craft(approach, victim) {
      const stranger = randomBytes(32).toString("base64url");
      // The victim's own id and session version: with this server's secret these would sign in, so the secret is all that can refuse them.
      const { id, username, role } = victim.user;
      const sv = await store().sessionVersion(id);
      switch (approach) {
        case "cookie":
          return withCookie(approach, await sealData({ sid: randomUUID(), userId: id, sv, exp: now() + 3600 }, { password: stranger, ttl: 3600 }));
        case "nextauth":
          return withCookie(approach, await encodeNextAuth({ token: { uid: id, username, role, sid: randomUUID(), sv }, secret: stranger }));
        default:
          return withCookie(approach, `${sessionIdOf(victim.serverSession)}.${randomBytes(32).toString("base64url")}`);
      }
    },
  },
  {
    id: "replay-after-logout",
    title: "Replay a copy after logout",
    expected: "refused",
    note: "Logout revokes the session's id in the store (for the JWT, its sign-in's fid; the server session deletes its record), so every copy dies with it.",
    approaches: APPROACH_IDS,
    async craft(approach, victim, origin) {
      // The approach's own sign-out, as its column sends it, then the copy.
      return [await logOutRequest(approach, victim, origin), me(approach, credentialOf(approach, victim))];
    },
    judge([logout, replay], approach) {
      if (!logout || !replay || !wentThrough(logout, approach)) return null; // the sign-out failed: nothing to replay after
      return replay.status < 300 ? "allowed" : "refused";
    },
  },
  {
    id: "refresh-reuse",
    title: "Reuse a refresh token after its successor was issued",
    expected: "refused",
    note: "Past the grace window (10 s by default), reuse means theft: the whole family is revoked.",
    approaches: ["jwt"],
    async craft(_, victim) {
      const refreshToken = await victim.refreshToken();
      const rotated = await rotateRefreshToken(refreshToken, Date.now() - 60_000); // it was used a minute ago
      const refresh = (token: string): LabRequest => ({ method: "POST", path: "/api/jwt/refresh", headers: { cookie: `${REFRESH_COOKIE_NAME}=${token}` } });
      // The reuse, then its successor: the family is revoked only if the successor dies with it.
      // Rotation refused (the store down): the reuse alone, which the judge leaves untested rather than the cell vanish.
      return rotated.ok ? [refresh(refreshToken), refresh(rotated.refresh.token)] : [refresh(refreshToken)];
    },
    judge([reuse, successor]) {
      if (!reuse || !successor) return null;
      return reuse.status < 300 || successor.status < 300 ? "allowed" : "refused";
    },
  },
  {
    id: "csrf",
    title: "Cross-site request forgery (Origin evil, Origin null, Sec-Fetch-Site cross-site, a text/plain form)",
    expected: "refused",
    note: "The browser attaches cookies by itself, so a state change whose Origin or Sec-Fetch-Site shows it came from another origin is refused with 403.",
    approaches: COOKIE_APPROACHES,
    async craft(approach, victim) {
      const headers = credentialOf(approach, victim);
      const post = (extra: Record<string, string>): LabRequest => ({
        method: "POST",
        path: `/api/${approach}/notes`,
        headers: { ...headers, "content-type": "application/json", ...extra },
        body: '{"text":"csrf"}',
      });
      return [
        post({ origin: "https://evil.example" }),
        post({ origin: "null" }),
        post({ "sec-fetch-site": "cross-site" }),
        // What a form on another site sends: no preflight, so no CORS check stops it.
        post({ origin: "https://evil.example", "sec-fetch-site": "cross-site", "content-type": "text/plain" }),
      ];
    },
    judge(answers) {
      // Each variant must meet the origin check itself: a 415 for the body, say, would pass for it.
      if (answers.some((answer) => answer.status < 300)) return "allowed";
      return answers.every((answer) => answer.status === 403) ? "refused" : null;
    },
  },
  {
    id: "proxy-bypass",
    title: "x-middleware-subrequest, to skip the proxy",
    expected: "refused",
    note: "Next 16 ignores the header: the proxy still runs (a page still gets the nonce CSP only the proxy sets), and every handler checks again anyway.",
    approaches: APPROACH_IDS,
    async craft(approach) {
      const headers = { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy:middleware:middleware:middleware:middleware:middleware" };
      return [{ method: "GET", path: "/lab", headers }, me(approach, headers)];
    },
    judge([page, api]) {
      if (!api || !page) return null;
      const proxyRan = /script-src[^;]*'nonce-/.test(page.headers.get("content-security-policy") ?? "");
      return api.status >= 300 && proxyRan ? "refused" : "allowed";
    },
  },
  {
    id: "oversized",
    title: "Oversized credential (20 KB header)",
    expected: "refused",
    note: "Node refuses headers past 16 KB with 431 before any code of ours runs.",
    approaches: APPROACH_IDS,
    async craft(approach) {
      return approach === "jwt" ? bearer("a".repeat(20_000)) : withCookie(approach, "a".repeat(20_000));
    },
    judge([answer]) {
      if (!answer) return null;
      // Node's 431, as the note says; any other refusal came from somewhere the note does not name.
      return answer.status < 300 ? "allowed" : answer.status === 431 ? "refused" : null;
    },
  },
  {
    id: "guessing",
    title: "Password guessing at one account",
    expected: "refused",
    note: "5 failures per account in 15 minutes (by default), then 429 with Retry-After, before any hash is checked (next-auth's callback answers 401 with error=Too many failed sign-ins).",
    approaches: APPROACH_IDS,
    async craft(approach, _, origin) {
      const attempt = await signInAttempts(approach, origin);
      const username = `lab-target-${randomUUID().slice(0, 8)}`;
      // One try past the configured limit (up to 25), at an account that does not exist.
      const tries = Math.min(env().LOGIN_MAX_FAILURES_PER_ACCOUNT + 1, 25);
      return Array.from({ length: tries }, () => attempt(username, "guess"));
    },
    judge(answers, approach) {
      const last = answers.at(-1); // the last try: still checked, or throttled
      // A limit past the 25 tries sent: none of them could meet it, which says nothing either way.
      if (!last || limitOutOfReach(answers)) return null;
      if (wasThrottled(last, approach)) return "refused";
      // next-auth's 401 is a checked guess only if it says so (a refused CSRF token never reached the throttle).
      return approach !== "nextauth" || wasWrongPassword(last, approach) ? "allowed" : null;
    },
    untestedBecause: (answers) => (limitOutOfReach(answers) ? "limit-out-of-reach" : undefined),
  },
  {
    id: "xss-read",
    title: "Script on the page (XSS) reads the credential",
    expected: "refused",
    allowedByDesign: ["jwt"],
    note: "The session cookies are HttpOnly: script never sees them. The JWT's access token is readable by design: a sign-in or refresh hands it to the page's script, which must send it (in memory only, never in storage, and short-lived; its refresh token is an HttpOnly cookie). Against script that runs anyway, no credential helps; every page's nonce CSP is what refuses injected script.",
    approaches: APPROACH_IDS,
    async craft(approach, victim, origin): Promise<LabRequest> {
      // The JWT's access token as a refresh hands it out: a sign-in would start a refresh family of the full age.
      if (approach === "jwt") return { method: "POST", path: "/api/jwt/refresh", headers: { cookie: `${cookieName("jwt")}=${await victim.refreshToken()}` } };
      // A real sign-in, for the cookie exactly as it is set; a server session it starts ends with the cell.
      const attempt = await signInAttempts(approach, origin);
      return attempt(victim.user.username, env().DEMO_PASSWORD);
    },
    judge([answer], approach) {
      if (answer?.status !== 200) return null; // no credential handed out: nothing to read
      if (approach === "jwt") return accessTokenIn(answer) ? "allowed" : null;
      // The session cookie itself (next-auth's in one piece or in chunks), whatever else was set beside it.
      const session = answer.headers.getSetCookie().filter(isSessionCookieLine(approach));
      if (session.length === 0) return null; // signed in with no session cookie: nothing to read
      return session.every((line) => /;\s*httponly/i.test(line)) ? "refused" : "allowed";
    },
  },
  {
    id: "enumeration",
    title: "User enumeration: wrong password against unknown user",
    expected: "refused",
    note: "Both answers are byte for byte the same (status, body, cookies). Each also costs one real hash check, so neither is quicker; the test suite measures that, this cell does not.",
    approaches: APPROACH_IDS,
    async craft(approach, victim, origin) {
      const attempt = await signInAttempts(approach, origin);
      return [attempt(victim.user.username, "not-the-password"), attempt(`nobody-${randomUUID().slice(0, 8)}`, "not-the-password")];
    },
    async after([known], approach) {
      // A wrong password for bob counted against him: take that one attempt back, so the lab's
      // guesses never lock bob out. A throttled one was taken back by the throttle itself, and
      // a request never answered counted nothing. Only from a window started by the time it
      // was answered: one started since (someone's next guess) keeps its count.
      if (known && wasWrongPassword(known, approach)) {
        await store().forgetLoginFailure(accountKey(labUser().username), { resetsBy: known.answeredAt + FAILURE_WINDOW_MS });
      }
    },
    judge([known, unknown], approach) {
      if (!known || !unknown) return null;
      // The throttle's answer, for any name past its limit: bob locked out, no comparison made.
      if (wasThrottled(known, approach) || wasThrottled(unknown, approach)) return null;
      // next-auth's CSRF check refuses before any name is looked at: neither reached the password check.
      if (approach === "nextauth" && !wasWrongPassword(known, approach) && !wasWrongPassword(unknown, approach)) return null;
      const same = known.status === unknown.status && known.body === unknown.body &&
        known.headers.getSetCookie().join() === unknown.headers.getSetCookie().join();
      return same ? "refused" : "allowed";
    },
  },
  {
    id: "open-redirect",
    title: "Open redirect through callbackUrl",
    expected: "refused",
    note: "next-auth's redirect callback only ever leads back into this site, whatever callbackUrl says.",
    approaches: ["nextauth"],
    async craft(_, victim, origin): Promise<LabRequest> {
      // A real sign-in: next-auth's CSRF token first, then the credentials with a hostile callbackUrl.
      const { csrfToken, cookie } = await nextAuthCsrf(origin);
      const body = JSON.stringify({ username: victim.user.username, password: env().DEMO_PASSWORD, csrfToken, callbackUrl: "https://evil.example/steal", json: "true" });
      return { method: "POST", path: "/api/auth/callback/credentials", headers: { "content-type": "application/json", cookie }, body };
    },
    judge([answer]) {
      if (!answer) return null;
      if ([answer.headers.get("location") ?? "", nextAuthUrl(answer)].some((target) => /evil\.example/.test(target))) return "allowed";
      // Signed in (200, or a redirect without the json flag) and sent back into this site: refused.
      // Anything else (bob locked out: 401 with error= in the url) chose no redirect at all.
      return answer.status === 200 || (answer.status >= 300 && answer.status < 400) ? "refused" : null;
    },
  },
  {
    id: "stolen-before-expiry",
    title: "A stolen credential, used before it expires (no logout)",
    expected: "allowed",
    note: "Allowed by design, for every approach: whoever holds a live credential is the user until it expires or is revoked. Short lifetimes, HttpOnly cookies and CSP limit who can steal one.",
    approaches: APPROACH_IDS,
    async craft(approach, victim) {
      return me(approach, credentialOf(approach, victim));
    },
  },
];

/**
 * Whether a sign-out went through: a 2xx, and for next-auth, whose JSON answer is 200 either
 * way (a refused CSRF token only changes the url in it), its session cookie emptied.
 */
function wentThrough(signOut: LabAnswer, approach: ApproachId): boolean {
  if (signOut.status >= 300) return false;
  if (approach !== "nextauth") return true;
  return signOut.headers
    .getSetCookie()
    .filter(isSessionCookieLine("nextauth"))
    .some((line) => readSetCookie(line).value === "");
}

/** The sign-out each approach's column sends, for the victim's credential. */
async function logOutRequest(approach: ApproachId, victim: Victim, origin: string): Promise<LabRequest> {
  if (approach !== "nextauth") return { method: "POST", path: `/api/${approach}/logout`, headers: credentialOf(approach, victim) };
  // next-auth's sign-out wants its CSRF token, like its sign-in.
  const { csrfToken, cookie } = await nextAuthCsrf(origin);
  return {
    method: "POST",
    path: "/api/auth/signout",
    headers: { "content-type": "application/json", cookie: `${cookie}; ${credentialOf(approach, victim).cookie}` },
    body: JSON.stringify({ csrfToken, json: "true" }),
  };
}

/**
 * The demo user bob, whom every lab request stands for. The lab signs in as him with his
 * (public) password, which takes back only that attempt, as any right password does, and
 * takes back each wrong password it tries for him. While someone else has him locked out, the
 * cells that need his sign-in are reported untested, not judged.
 */
export function labUser(): User {
  const user = findUserById(2);
  if (!user) throw new Error("the demo user bob is missing");
  return user;
}

/**
 * Fresh credentials for bob, made the way each approach's sign-in makes them, without
 * signing in (so bob's failed sign-ins, or a lockout, change nothing here).
 */
async function newVictim(): Promise<Victim> {
  const user = labUser();
  const sv = await store().sessionVersion(user.id);
  const [{ token: accessToken }, { seal }, { token: serverSession }] = await Promise.all([
    issueAccessToken(user),
    sealSession(user),
    createSession(user, "Session Lab attack lab"),
  ]);
  const nextAuthCookie = await encodeNextAuth({
    token: { sub: String(user.id), uid: user.id, username: user.username, role: user.role, sid: randomUUID(), sv },
    secret: env().NEXTAUTH_SECRET,
    maxAge: sessionMaxAgeSeconds(),
  });
  const victim: Victim = {
    user,
    accessToken,
    // A family that ends within a minute: revoked rows are kept until they expire, and anyone may run the lab.
    refreshToken: () => (victim.refreshTokenGiven ??= startRefreshFamily(user.id, { maxAgeMs: 60_000 }).then(({ token }) => token)),
    seal,
    nextAuthCookie,
    serverSession,
  };
  return victim;
}

/**
 * Ends what a cell left in the store: the victim's refresh family (with any successor a
 * refresh in `answers` was given) and server session, and any server session a sign-in in
 * `answers` started. The other credentials are stateless and were only ever in this
 * process's memory.
 */
async function retire(victim: Victim, answers: readonly LabAnswer[]): Promise<void> {
  const signedIn = answers
    .flatMap((answer) => answer.headers.getSetCookie().map(readSetCookie))
    .filter(({ name, value }) => name === cookieName("server-session") && value !== "")
    .map(({ value }) => value);
  await Promise.all([
    victim.refreshTokenGiven?.then((token) => revokeRefreshToken(token), () => undefined), // none was started: nothing to end
    ...[victim.serverSession, ...signedIn].map((token) => invalidateSession(sessionIdOf(token))),
  ]);
}

/** One answer, read to the end. */
export interface LabAnswer {
  status: number;
  headers: Headers;
  body: string;
  /** When it came back (ms since the epoch), by this process's clock. */
  answeredAt: number;
}

// Longer than this server takes to answer anything (a sign-in waits at most 10 s for a hashing
// thread): a lab request still open after it is stuck, and fails its run instead of holding
// everyone who waits for that run's report.
const LAB_REQUEST_TIMEOUT_MS = 20_000;

/** Sends one crafted request to `origin` exactly as crafted: no cookie jar, no redirects followed. */
export async function send(origin: string, request: LabRequest): Promise<LabAnswer> {
  const response = await fetch(new URL(request.path, origin), {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: "manual",
    cache: "no-store",
    signal: AbortSignal.timeout(LAB_REQUEST_TIMEOUT_MS),
  });
  // Read to the end: cancelling a body that Next.js has cloned never settles.
  const body = await response.text();
  return { status: response.status, headers: response.headers, body, answeredAt: Date.now() };
}

/**
 * Shortens credential-bearing headers for display: enough to tell them apart, never enough to
 * use. The address vouch is left out: it is this process's own secret.
 */
function shown(headers: Record<string, string>): Record<string, string> {
  const short = (value: string) => (value.length > 48 ? `${value.slice(0, 28)}…${value.slice(-8)} (${value.length} bytes)` : value);
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => name !== ADDRESS_VOUCH_HEADER)
      .map(([name, value]) => [name, short(value)]),
  );
}

/** One row of the catalog, as the lab lists it before anything runs. */
export interface AttackSummary {
  id: string;
  title: string;
  expected: "refused" | "allowed";
  note: string;
  approaches: readonly ApproachId[];
}

/** The catalog without running it: every attack, what it should meet, and which approaches it applies to. */
export function attackCatalog(): AttackSummary[] {
  return ATTACKS.map(({ id, title, expected, note, approaches }) => ({ id, title, expected, note, approaches }));
}

/**
 * How one cell's answers read: a verdict, or null when they never reached the check under
 * test (a sign-in the attack needs was refused) or the app failed (any 5xx).
 *
 * @example
 * verdictOf("enumeration", "jwt", [bobLockedOut429, unknownUser401]); // null, not "allowed"
 */
export function verdictOf(attackId: string, approach: ApproachId, answers: readonly LabAnswer[]): Verdict | null {
  return judged(attackNamed(attackId), approach, answers);
}

/**
 * Why a cell whose answers gave no verdict ({@link verdictOf} null) tested nothing: so that
 * the page can say what to do about it (wait for a lockout to end, read the server's log).
 *
 * @example
 * whyUntested("enumeration", "jwt", [bobLockedOut429, unknownUser401]); // "locked-out"
 */
export function whyUntested(attackId: string, approach: ApproachId, answers: readonly LabAnswer[]): UntestedReason {
  return untestedReason(attackNamed(attackId), approach, answers);
}

function untestedReason(attack: Attack, approach: ApproachId, answers: readonly LabAnswer[]): UntestedReason {
  if (answers.some((answer) => answer.status >= 500)) return "server-error";
  return attack.untestedBecause?.(answers) ?? (answers.some((answer) => wasThrottled(answer, approach)) ? "locked-out" : "not-reached");
}

function attackNamed(attackId: string): Attack {
  const attack = ATTACKS.find(({ id }) => id === attackId);
  if (!attack) throw new Error(`there is no attack "${attackId}"`);
  return attack;
}

function judged(attack: Attack, approach: ApproachId, answers: readonly LabAnswer[]): Verdict | null {
  // A server error is the app failing, not refusing: it must show, not pass as "refused".
  if (answers.some((answer) => answer.status >= 500)) return null;
  if (attack.judge) return attack.judge(answers, approach);
  return answers.some((answer) => answer.status < 300) ? "allowed" : "refused"; // one success among the variants is enough
}

/** What a run found: a verdict per cell, and the cells that could not be tested this time. */
export interface LabReport {
  attacks: { id: string; title: string; expected: Verdict; note: string }[];
  results: LabResult[];
  untested: UntestedCell[];
}

/** Runs every attack against every approach it applies to, as real HTTP requests to `origin`. */
async function runAttackLab(origin: string): Promise<LabReport> {
  const results: LabResult[] = [];
  const untested: UntestedCell[] = [];
  for (const attack of ATTACKS) {
    for (const approach of attack.approaches) {
      const victim = await newVictim();
      const answers: LabAnswer[] = [];
      let last: LabRequest | undefined;
      try {
        const crafted = await attack.craft(approach, victim, origin);
        for (const request of Array.isArray(crafted) ? crafted : [crafted]) {
          answers.push(await send(origin, request));
          last = request;
        }
      } finally {
        // Both run, whichever of them fails.
        await retire(victim, answers).finally(() => attack.after?.(answers, approach));
      }
      const status = answers.at(-1)?.status;
      if (!last || status === undefined) continue;
      const verdict = judged(attack, approach, answers);
      if (verdict === null) {
        untested.push({ attack: attack.id, approach, reason: untestedReason(attack, approach, answers), statuses: answers.map((answer) => answer.status) });
        continue;
      }
      results.push({
        attack: attack.id,
        approach,
        sent: { method: last.method, path: last.path, headers: shown(last.headers) },
        status,
        verdict,
        expected: attack.allowedByDesign?.includes(approach) ? "allowed" : attack.expected,
        note: attack.note,
      });
    }
  }
  return { attacks: ATTACKS.map(({ id, title, expected, note }) => ({ id, title, expected, note })), results, untested };
}

/** How long a finished run's report answers everyone who asks for the lab. */
const LAB_REPORT_REUSE_MS = 30_000;

/** A run's report, when the run started, and whether it was started for someone else. */
export type SharedLabReport = LabReport & { ranAt: string; shared: boolean; sharedForSeconds: number };

// Anyone may ask for the lab, and a run is ~100 requests and 0.6–1.2 CPU-seconds here. No
// verdict depends on who asks (every cell attacks bob, from fresh lab addresses), so one run
// answers everyone who asks while it runs and for 30 s after: at most one run per 30 s per
// process, however many ask, from however many addresses.
const sharedLab = sharedRun(async () => {
  const ranAt = new Date().toISOString();
  return { ...(await runAttackLab(loopbackOrigin())), ranAt };
}, LAB_REPORT_REUSE_MS);

/**
 * The attack lab's report on this server: a new run, or the latest one shared (see above).
 *
 * @example
 * const { results, ranAt, shared } = await attackLabReport();
 */
export async function attackLabReport(): Promise<SharedLabReport> {
  const { value, shared } = await sharedLab();
  return { ...value, shared, sharedForSeconds: LAB_REPORT_REUSE_MS / 1000 };
}
