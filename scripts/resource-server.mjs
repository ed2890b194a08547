#!/usr/bin/env node
// A second service: a small resource server that accepts the app's access tokens by
// verifying them against the app's public keys (its JWKS URL) and nothing else — no
// shared secret, no session store. Run it beside the demo: `npm run resource-server`.
//
// What it shows (seed claim 6): only an asymmetrically signed token can be checked by
// another service with no secret at all. What it also shows (claim 8): without the
// app's store, a token revoked by logout still works here until it expires.
import http from "node:http";
import { createRemoteJWKSet, errors, jwtVerify } from "jose";
import { z } from "zod";

/** An origin as a browser sends it in `Origin`: scheme, host and port only, lower case, no slash. */
const isOrigin = (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) && new URL(value).origin === value;
const origin = z.string().refine(isOrigin, {
  error: ({ input }) => `holds ${JSON.stringify(input)}, which is no http(s) origin as browsers send it (such as http://localhost:3000: no path, no trailing slash)`,
});
// Digits only: a number coerced from "" or " " would be 0, and PORT=0 takes any free port.
const whole = (min, max, what) =>
  z
    .string()
    .regex(/^\d+$/, `must be ${what}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be ${what}`).max(max, `must be ${what}`));

// Read as the app reads the same names (lib/env.ts): a service that disagreed with the app on
// issuer, audience or lifetime would accept tokens the app refuses, or the reverse.
const settings = z
  .object({
    PORT: whole(0, 65_535, "a port number (0 takes any free one)").default(4000),
    APP_ORIGIN: origin.default("http://localhost:3000"),
    JWKS_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL, such as http://localhost:3000/.well-known/jwks.json" }).optional(),
    JWT_ISSUER: z.string().min(1, "must not be empty").default("urn:session-lab"),
    JWT_AUDIENCE: z.string().min(1, "must not be empty").default("urn:session-lab:api"),
    ACCESS_TOKEN_TTL_SECONDS: whole(30, 3600, "a whole number of seconds from 30 to 3600").default(300),
    // Browsers may call this service only from these origins (an allow-list, never "*"): compared
    // as exact strings, so each must be written as a browser sends it.
    ALLOWED_ORIGINS: z
      .string()
      .transform((list) => list.split(",").map((entry) => entry.trim()))
      .pipe(z.array(origin))
      .optional(),
  })
  .safeParse(process.env);
if (!settings.success) {
  for (const { path, message } of settings.error.issues) console.error(`resource-server: cannot start: ${path[0]} ${message}.`);
  process.exit(1);
}
const { PORT, APP_ORIGIN, JWT_ISSUER, JWT_AUDIENCE, ACCESS_TOKEN_TTL_SECONDS } = settings.data;
const JWKS_URL = new URL(settings.data.JWKS_URL ?? `${APP_ORIGIN}/.well-known/jwks.json`);
const ALLOWED_ORIGINS = new Set(settings.data.ALLOWED_ORIGINS ?? [APP_ORIGIN]);

// Fetched on first use and when an unknown kid shows up (a rotation), cached between,
// with a timeout so a slow key server cannot hang every request.
const remoteKeys = createRemoteJWKSet(JWKS_URL, { timeoutDuration: 2000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });

/** The keys could not be had: the app is down, slow, or answered something else. Not the token's fault. */
class KeysUnavailable extends Error {}

/**
 * The key for a token. A token whose kid matches no key (or several) is the token's fault;
 * anything else that fails here (refused connection, timeout, a 404, not a key set) is the
 * key server's, and answered as such.
 */
async function keys(header, token) {
  // As the app's keyFor: a token names its key. Given no kid, jose would try the set's only key.
  if (typeof header.kid !== "string") throw new errors.JWKSNoMatchingKey();
  try {
    return await remoteKeys(header, token);
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
    throw new KeysUnavailable("the app's public keys could not be fetched", { cause: error });
  }
}

// The app's own checks (verifySignatureAndClaims in lib/auth/jwt/session.ts, and the length
// cap in lib/auth/jwt/guard.ts) but one: with no access to its store, this service cannot see a
// logout, so a revoked token works here until it expires (nor does it see a deleted user).
const VERIFY_OPTIONS = {
  algorithms: ["EdDSA"],
  typ: "at+jwt",
  issuer: JWT_ISSUER,
  audience: JWT_AUDIENCE,
  requiredClaims: ["iss", "aud", "sub", "exp", "iat", "jti"],
  clockTolerance: 5,
  maxTokenAge: ACCESS_TOKEN_TTL_SECONDS, // also refuses an iat in the future
};

// No token the app issues comes near it (about 480 characters): refused before any parsing.
const MAX_TOKEN_LENGTH = 8192;

// The claims as the app issues them (accessTokenClaims in lib/auth/jwt/session.ts): a token
// signed with its key that does not fit is no token the app would take.
const accessTokenClaims = z.object({
  sub: z.string().regex(/^[1-9][0-9]{0,15}$/),
  role: z.enum(["admin", "member"]),
  sv: z.number().int().nonnegative(),
  fid: z.uuid(),
  jti: z.string(),
  iat: z.number(),
  exp: z.number(),
});

// As the app checks it (lib/base64url.ts): base64url as RFC 7515 writes it. jose decodes
// leniently, so `<token>==`, or a last character changed in bits the decoder drops, would
// verify as the same token under another spelling.
const isCanonicalBase64url = (part) => Buffer.from(part, "base64url").toString("base64url") === part;

/**
 * The claims of an access token, or why it is refused: "expired" or "invalid", as the app
 * reports them. Throws KeysUnavailable when the keys could not be had.
 */
async function verifyAccessToken(token) {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "invalid" };
  if (!isCanonicalBase64url(token.slice(token.lastIndexOf(".") + 1))) return { ok: false, reason: "invalid" };
  let payload;
  try {
    ({ payload } = await jwtVerify(token, keys, VERIFY_OPTIONS));
  } catch (error) {
    if (!(error instanceof errors.JOSEError)) throw error;
    return { ok: false, reason: error.code === "ERR_JWT_EXPIRED" ? "expired" : "invalid" };
  }
  const parsed = accessTokenClaims.safeParse(payload);
  return parsed.success ? { ok: true, claims: parsed.data } : { ok: false, reason: "invalid" };
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { "Content-Type": status < 400 ? "application/json" : "application/problem+json", "Cache-Control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

const problem = (status, detail) => ({ type: "about:blank", title: http.STATUS_CODES[status], status, detail });

/** RFC 6750 §3's challenge, as the app's bearerChallenge (lib/challenge.ts) writes it, under this service's realm. */
const challenge = (error) => ({ "WWW-Authenticate": `Bearer realm="resource-server"${error ? `, error="${error}"` : ""}` });

// As the app reads it (readBearerToken, lib/auth/jwt/guard.ts): no header or another scheme is
// no token (a 401 with no error code, RFC 6750 §3.1); a Bearer header of the wrong form is a
// malformed request (400, invalid_request).
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

async function whoami(req, res, cors) {
  const header = req.headers.authorization;
  if (header?.split(/[ \t]/, 1)[0]?.toLowerCase() !== "bearer") {
    return send(res, 401, problem(401, "No bearer token was sent."), { ...cors, ...challenge() });
  }
  const token = BEARER.exec(header)?.[1];
  if (!token) {
    const detail = "The Authorization header must be Bearer and one token.";
    return send(res, 400, problem(400, detail), { ...cors, ...challenge("invalid_request") });
  }
  const started = performance.now();
  // The app's request inspector reads these from another origin only if they are exposed.
  const timing = () => ({ "Server-Timing": `auth;dur=${(performance.now() - started).toFixed(3)};desc="jwtVerify with the JWKS"` });
  let result;
  try {
    result = await verifyAccessToken(token);
  } catch (error) {
    if (!(error instanceof KeysUnavailable)) throw error;
    return send(res, 503, problem(503, "The app's public keys could not be fetched."), { ...cors, "Retry-After": "5" });
  }
  if (!result.ok) {
    const detail = result.reason === "expired" ? "The access token expired." : "The access token is not valid.";
    return send(res, 401, problem(401, detail), { ...cors, ...timing(), ...challenge("invalid_token") });
  }
  const { sub, role, exp } = result.claims;
  send(res, 200, { sub, role, exp, verifiedWith: JWKS_URL.href, revocationChecked: false }, { ...cors, ...timing() });
}

/**
 * Headers a request may carry once only, whose second copy Node drops without a word: a proxy in
 * front that read the other copy would disagree with this service about whose credential this
 * is, or which site was asked for. Refused as the app refuses them (lib/unparsable.ts).
 */
const SINGLE_HEADERS = { host: "Host", authorization: "Authorization" };

/** What /whoami and /health answer. */
const ALLOW = "GET, HEAD, OPTIONS";

/** The path of a request target, or null for one that is not a path (`*`, a URL, `//[`). */
function pathOf(target = "") {
  if (!target.startsWith("/") || target.startsWith("//")) return null;
  try {
    return new URL(target, "http://resource-server.invalid").pathname;
  } catch {
    return null;
  }
}

const server = http.createServer((req, res) => {
  const origin = req.headers.origin;
  const cors =
    origin && ALLOWED_ORIGINS.has(origin)
      ? { "Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": "WWW-Authenticate, Server-Timing", "Timing-Allow-Origin": origin, Vary: "Origin" }
      : { Vary: "Origin" };
  const path = pathOf(req.url);
  if (path === null) return send(res, 400, problem(400, "The request target must be a path, such as /whoami."), cors);
  const repeated = Object.keys(SINGLE_HEADERS).find((name) => (req.headersDistinct[name]?.length ?? 0) > 1);
  if (repeated) {
    const detail = `Send the ${SINGLE_HEADERS[repeated]} header once.`;
    return send(res, 400, problem(400, detail), { ...cors, ...(repeated === "authorization" ? challenge("invalid_request") : {}) });
  }

  // OPTIONS asks about the target resource (RFC 9110 §9.3.7): where there is none, it gets the
  // 404 every other method gets.
  if (path !== "/whoami" && path !== "/health") return send(res, 404, problem(404, "There is no such resource."), cors);
  if (req.method === "OPTIONS") {
    const preflight = cors["Access-Control-Allow-Origin"]
      ? { "Access-Control-Allow-Methods": "GET", "Access-Control-Allow-Headers": "Authorization", "Access-Control-Max-Age": "600" }
      : {};
    res.writeHead(204, { ...cors, ...preflight, Allow: ALLOW }).end();
    return;
  }
  // Both are read-only: HEAD is GET without the body (Node leaves it out), anything else a 405.
  if (req.method !== "GET" && req.method !== "HEAD") {
    return send(res, 405, problem(405, `${path} answers GET and HEAD only.`), { ...cors, Allow: ALLOW });
  }
  if (path === "/health") return send(res, 200, { status: "ok" }, cors);
  whoami(req, res, cors).catch(() => send(res, 500, problem(500, "Something went wrong on our side."), cors));
});

server.on("error", (error) => {
  const why = error.code === "EADDRINUSE" ? `port ${PORT} is already in use (set PORT to another one)` : error.message;
  console.error(`resource-server: cannot start: ${why}.`);
  process.exit(1);
});
// PORT=0 takes any free port: the line below says which.
server.listen(PORT, "127.0.0.1", () => {
  console.log(`resource-server: http://127.0.0.1:${server.address().port}/whoami, trusting keys from ${JWKS_URL.href}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
