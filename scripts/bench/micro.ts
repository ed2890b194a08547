// Per-operation costs, for the exact options the app uses, beside the raw crypto
// floor measured in the same process. Run through `npm run bench`.
import { createHmac, createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { decode as nextAuthDecode, encode as nextAuthEncode, type JWT } from "next-auth/jwt";
import { sealSession, unsealSession } from "@/lib/auth/cookie/session";
import { decodeSessionToken } from "@/lib/auth/nextauth/session";
import { createSession, validateSessionToken } from "@/lib/auth/server-session/session";
import { ACCESS_TOKEN_TYPE, ALGORITHM, CLOCK_TOLERANCE_SECONDS, REQUIRED_CLAIMS, jwtSettings } from "@/lib/auth/jwt/config";
import { signingKeys } from "@/lib/auth/jwt/keys";
import { issueAccessToken, verifyAccessToken } from "@/lib/auth/jwt/session";
import { env } from "@/lib/env";
import { redisStore } from "@/lib/store/redis";
import { store } from "@/lib/store";
import { findUserById } from "@/lib/users";
import { startRedis } from "../../e2e/support/redis-server";
import { onInterrupt } from "./interrupt";
import { COMPARED_OPERATION_MS, COMPARED_OVERRUN_CALLS, compare, measure, type Measurement } from "./measure";

export interface MicroRow extends Measurement {
  /**
   * The floor this operation is compared with, its time per call in the same paired rounds,
   * and how many times the operation's cost this is (the median of the pairs' ratios).
   */
  floor?: string;
  floorMicros?: number;
  ratio?: number;
  /** The same ratio for the time the event loop was busy (see Measurement.eventLoopMicros). */
  eventLoopRatio?: number;
}

/**
 * Hands out the credentials of `values` one by one, never one twice: a credential seen
 * again is answered by the verified cache, which has rows of its own. Runs out loudly.
 */
function neverSeen(values: readonly string[]): () => string {
  let next = 0;
  return () => {
    const value = values[next++];
    if (value === undefined) throw new Error(`bench: more first-sight calls than the ${values.length} credentials made for them`);
    return value;
  };
}

/**
 * Enough fresh credentials for `rows` compared rows that each use one per call, made
 * before any timing starts. A compared row runs for a fixed time, so a faster machine
 * needs more of them: a trial of `check` (the fastest consumer) says how many, from its
 * fastest batch, with as many again to spare, since a machine's speed can wander within
 * seconds and a trial in a slow spell would leave the rows short.
 */
async function neverSeenEnough(make: () => Promise<string>, check: (credential: string) => Promise<unknown>, rows: number) {
  const trial = await Promise.all(Array.from({ length: TRIAL_BATCHES * TRIAL_BATCH_CALLS }, make));
  let fastest = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < TRIAL_BATCHES; batch++) {
    const started = performance.now();
    for (const credential of trial.slice(batch * TRIAL_BATCH_CALLS, (batch + 1) * TRIAL_BATCH_CALLS)) await check(credential);
    if (batch > 0) fastest = Math.min(fastest, ((performance.now() - started) * 1000) / TRIAL_BATCH_CALLS); // the first warms up
  }
  const count = Math.ceil(rows * ((COMPARED_OPERATION_MS * 1000) / fastest + COMPARED_OVERRUN_CALLS) * 2);
  return neverSeen(await Promise.all(Array.from({ length: count }, make)));
}

const TRIAL_BATCHES = 8;
const TRIAL_BATCH_CALLS = 32;

/**
 * Throws unless one call of `operation` succeeds. A refusal is quick: timed, it would pass
 * for a fast operation. A null, a false or an `{ ok: false }` is a refusal.
 */
async function mustSucceed(name: string, operation: () => unknown): Promise<void> {
  const result: unknown = await operation();
  const refused = result === null || result === false || (typeof result === "object" && "ok" in result && result.ok !== true);
  if (refused) throw new Error(`bench: "${name}" was refused, so timing it would measure the refusal`);
}

/** {@link measure}, once one call has succeeded. */
async function measureSuccess(name: string, operation: () => unknown): Promise<Measurement> {
  await mustSucceed(name, operation);
  return measure(name, operation);
}

export async function runMicro(): Promise<MicroRow[]> {
  const alice = findUserById(1);
  if (!alice) throw new Error("the demo users are missing");
  const { token } = await issueAccessToken(alice);
  const [signingInput = "", signature = ""] = [token.slice(0, token.lastIndexOf(".")), token.slice(token.lastIndexOf(".") + 1)];
  const payloadJson = Buffer.from(token.split(".")[1] ?? "", "base64url").toString();

  // The floor: what the cryptography alone costs, keys imported once.
  const jwk = env().JWT_PRIVATE_JWK;
  const publicKey = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: "jwk" });
  const signatureBytes = Buffer.from(signature, "base64url");
  const hmacKey = Buffer.alloc(32, 7);
  const { publicKeys, kid } = await signingKeys();
  const cryptoKey = publicKeys.get(kid);
  if (!cryptoKey) throw new Error("no public key");
  const ed25519 = () => verify(null, Buffer.from(signingInput), publicKey, signatureBytes);
  // What jose v6 actually calls: Web Crypto, which runs the check on the libuv pool.
  const subtle = () => crypto.subtle.verify("Ed25519", cryptoKey, signatureBytes, Buffer.from(signingInput));
  const hmacOf = (input: string) => () => createHmac("sha256", hmacKey).update(input).digest();
  const hmac = hmacOf(token);
  const floors = [
    await measureSuccess("floor: crypto.verify Ed25519", ed25519),
    await measureSuccess("floor: crypto.subtle.verify Ed25519", subtle),
    await measureSuccess("floor: HMAC-SHA256 of the token", hmac),
    await measureSuccess("floor: JSON.parse of the payload", () => JSON.parse(payloadJson)),
  ];

  // Comparison algorithms, through jose: a short token each, checked for its algorithm only.
  const hsKey = new TextEncoder().encode("x".repeat(32));
  const hs256 = await new SignJWT({ role: "admin" }).setProtectedHeader({ alg: "HS256" }).setExpirationTime("5m").sign(hsKey);
  const es = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const es256 = await new SignJWT({ role: "admin" }).setProtectedHeader({ alg: "ES256" }).setExpirationTime("5m").sign(es.privateKey);

  const { seal } = await sealSession(alice);
  const secret = env().NEXTAUTH_SECRET;
  // The claims the app's jwt callback writes (lib/auth/nextauth/session.ts).
  const nextAuthClaims: JWT = { sub: "1", uid: 1, username: "alice", role: "admin", sid: crypto.randomUUID(), sv: 0 };
  const nextAuthToken = await nextAuthEncode({ token: nextAuthClaims, secret });

  const redis = await startRedis();
  const forgetRedis = onInterrupt(() => void redis.stop());
  const shared = redisStore(redis.url);
  const sqlite = store();
  const credentialId = crypto.randomUUID(); // a sign-in (fid) or session id nobody revoked

  const rows: MicroRow[] = [];
  const add = (row: Measurement) => rows.push(row);
  // Measured against the floor in alternating rounds: the ratio is what the targets check.
  const addCompared = async (name: string, operation: () => unknown, floorName: string, floor: () => unknown) => {
    await mustSucceed(name, operation);
    const { measurement, floorMicros, ratio, eventLoopRatio } = await compare(name, operation, floor);
    rows.push({ ...measurement, floor: floorName, floorMicros, ratio, eventLoopRatio });
  };
  try {
    // jose by itself, with the app's options and the key passed directly: what the app's wrapper adds is the difference.
    const { issuer, audience, accessTokenTtlSeconds } = jwtSettings();
    const joseOptions = { algorithms: [ALGORITHM], typ: ACCESS_TOKEN_TYPE, issuer, audience, requiredClaims: REQUIRED_CLAIMS, clockTolerance: CLOCK_TOLERANCE_SECONDS, maxTokenAge: accessTokenTtlSeconds };
    const joseAlone = (token: string) => jwtVerify(token, cryptoKey, joseOptions);
    // First sight of each token: fresh tokens, signed beforehand, so no call can hit the cache.
    const freshToken = await neverSeenEnough(() => issueAccessToken(alice).then((t) => t.token), joseAlone, 3);
    const firstSight = () => verifyAccessToken(freshToken(), { checkRevocation: false });
    await addCompared("jwt verify, token seen first (EdDSA, app options)", firstSight, "crypto.verify Ed25519", ed25519);
    await addCompared("  the same, against the Web Crypto floor", firstSight, "crypto.subtle.verify Ed25519", subtle);
    await addCompared("  jose's jwtVerify alone, token seen first", () => joseAlone(freshToken()), "crypto.verify Ed25519", ed25519);
    add(await measureSuccess("jwt verify, token seen again (cache hit)", () => verifyAccessToken(token, { checkRevocation: false })));
    add(await measureSuccess("jwt verify seen again + revocation (sqlite)", () => verifyAccessToken(token, { checkRevocation: true })));
    // The app's own signing, given the session version so that no store read is timed with it.
    add(await measureSuccess("jwt sign (EdDSA, app claims)", () => issueAccessToken(alice, { sessionVersion: 0 })));
    await addCompared("jwt verify HS256 (comparison)", () => jwtVerify(hs256, hsKey, { algorithms: ["HS256"] }), "HMAC-SHA256 of that token", hmacOf(hs256));
    add(await measureSuccess("jwt verify ES256 (comparison)", () => jwtVerify(es256, es.publicKey, { algorithms: ["ES256"] })));
    add(await measureSuccess("iron-session seal", () => sealSession(alice)));
    const freshSeal = await neverSeenEnough(() => sealSession(alice).then((s) => s.seal), (seal) => unsealSession(seal, { checkRevocation: false }), 1);
    await addCompared("iron-session unseal, seal seen first", () => unsealSession(freshSeal(), { checkRevocation: false }), "HMAC-SHA256 of the token", hmac);
    add(await measureSuccess("iron-session unseal, seen again (cache hit)", () => unsealSession(seal, { checkRevocation: false })));
    add(await measureSuccess("iron-session seen again + revocation (sqlite)", () => unsealSession(seal, { checkRevocation: true })));
    add(await measureSuccess("next-auth encode (JWE)", () => nextAuthEncode({ token: nextAuthClaims, secret })));
    await addCompared("next-auth decode (JWE), library", () => nextAuthDecode({ token: nextAuthToken, secret }), "HMAC-SHA256 of the token", hmac);
    add(await measureSuccess("next-auth decode, seen again (cache hit)", () => decodeSessionToken({ token: nextAuthToken, secret })));
    const { token: sessionToken } = await createSession(alice, "bench");
    add(await measureSuccess("server session lookup (sqlite), per request", () => validateSessionToken(sessionToken)));
    add(await measureSuccess("revocation lookup (sqlite)", () => sqlite.credentialState(credentialId, 1)));
    add(await measureSuccess("revocation lookup (redis, loopback)", () => shared.credentialState(credentialId, 1)));
  } finally {
    await shared.close();
    await redis.stop();
    forgetRedis();
  }
  return [...floors, ...rows];
}
