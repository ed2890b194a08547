import "server-only";
import { z } from "zod";
import { isLoopbackHost } from "./loopback";

/**
 * The one place configuration is read. Validated once, on first use, so that a
 * bad deployment fails with a message that names the variable and says how to fix it.
 *
 * @example
 * const { ACCESS_TOKEN_TTL_SECONDS } = env();
 */

const HOW_TO_MAKE_SECRETS =
  "Run `npm run secrets` to write development values to .env.development.local (which only `next dev` reads), " +
  "or `npm run secrets -- --print` to print fresh values for a production environment.";

/** A variable holding JSON, parsed and then checked against `shape`. */
const json = <Shape extends z.ZodType>(shape: Shape) =>
  z
    .string({ error: "is missing" })
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "is not valid JSON" });
        return z.NEVER;
      }
    })
    .pipe(shape);

const ed25519Public = { kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string().min(43), kid: z.string().min(1).max(64) };

const ed25519PrivateJwk = json(z.object({ ...ed25519Public, d: z.string().min(43) }, { error: "must be an Ed25519 private JWK with a kid" }));

// After a rotation: the retired key's public half, so its tokens verify until they expire.
const ed25519PublicJwks = json(z.array(z.strictObject(ed25519Public), { error: "must be a JSON array of Ed25519 public JWKs with kids" }));

// After a rotation: the retired iron-session passwords by id, so their seals still open. An id
// is written as a seal names it: "1", never "01" (which no seal would ever find).
const ironPasswordMap = json(
  z.record(z.string().regex(/^[1-9][0-9]*$/), z.string().min(32), { error: 'must be a JSON object of {"id": "password of 32+ characters"}' }),
);

const secret = (minLength: number) =>
  z
    .string({ error: "is missing" })
    .min(minLength, `must be at least ${minLength} characters long`)
    .refine((value) => new Set(value).size > 1, "must not be one character repeated (32 spaces are no secret)");

// ioredis reads a URL without a host as localhost, and a path that is no number 0–15 as a
// database it cannot select: every request would then fail (a 500), not the start.
const redisUrl = z
  .url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" })
  .refine((url) => {
    // Runs after a failed format check too: a value URL cannot parse is left to that check,
    // which has refused it, and never parsed here (its TypeError would print the value, password and all).
    if (!URL.canParse(url)) return true;
    const { hostname, pathname } = new URL(url);
    return hostname !== "" && /^\/?([0-9]|1[0-5])?$/.test(pathname);
  }, "must be a redis:// or rediss:// URL with a host, and at most a database number from 0 to 15, such as redis://localhost:6379/0");

/**
 * A check across settings runs once the settings it reads are valid, whatever else failed
 * (zod skips it otherwise), so that one start lists every problem there is. Another check
 * across settings that failed does not hold it back: both are reported.
 */
const onceValid = (...names: string[]) => ({
  params: { acrossSettings: true },
  when: (payload: z.core.ParsePayload) =>
    !payload.issues.some((issue) => names.includes(String(issue.path?.[0])) && !(issue.code === "custom" && issue.params?.acrossSettings)),
});

const isHttpsOrLoopback = (origin: string) => {
  const { protocol, hostname } = new URL(origin);
  return protocol === "https:" || isLoopbackHost(hostname);
};

const seconds = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** However often it is rotated, a refresh-token family ends this long after sign-in: no one token outlives it. */
export const REFRESH_FAMILY_MAX_AGE_SECONDS = 7 * 24 * 3600;

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_PATH: z.string().min(1).default(".data/session-lab.db"),
    DEMO_PASSWORD: z.string().min(8).default("correct-horse-battery-staple"),

    JWT_PRIVATE_JWK: ed25519PrivateJwk,
    JWT_PREVIOUS_PUBLIC_JWKS: ed25519PublicJwks.optional(),
    JWT_ISSUER: z.string().min(1).default("urn:session-lab"),
    JWT_AUDIENCE: z.string().min(1).default("urn:session-lab:api"),
    ACCESS_TOKEN_TTL_SECONDS: seconds(300, 30, 3600),
    REFRESH_TOKEN_TTL_SECONDS: seconds(86_400, 300, REFRESH_FAMILY_MAX_AGE_SECONDS),
    // Two tabs refreshing at once present the same token: within this window it gets one more
    // successor, for the second tab. Any other reuse is theft (every reuse, with 0).
    REFRESH_REUSE_GRACE_SECONDS: seconds(10, 0, 10),

    IRON_SESSION_PASSWORD: secret(32),
    // New seals carry this id; it must be above every id in IRON_SESSION_PREVIOUS_PASSWORDS.
    IRON_SESSION_PASSWORD_ID: z.coerce.number().int().min(1).max(1_000_000).default(1),
    IRON_SESSION_PREVIOUS_PASSWORDS: ironPasswordMap.optional(),
    COOKIE_SESSION_TTL_SECONDS: seconds(28_800, 300, 2_592_000),

    // Set it to share session state (revocations, refresh tokens, session versions) between instances.
    REDIS_URL: redisUrl.optional(),

    // Failed sign-ins allowed per account and per client address in 15 minutes.
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(5),
    LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(100),
    // How many proxies in front of the app append to X-Forwarded-For (0: none; the header a client
    // sends is then dropped: dropClaimedAddress in lib/throttle.ts).
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),

    SERVER_SESSION_IDLE_SECONDS: seconds(1800, 60, 86_400),
    SERVER_SESSION_TTL_SECONDS: seconds(28_800, 300, 2_592_000),

    // "off" only to measure what the check costs (npm run bench): logout then no longer stops copies.
    REVOCATION_CHECK: z.enum(["on", "off"]).default("on"),

    // The second service (npm run resource-server) the JWT column may call; `npm run dev` starts one.
    RESOURCE_SERVER_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://localhost:4000" }).optional(),

    NEXTAUTH_SECRET: secret(32),
    // The public origin; https here turns on next-auth's __Secure-/__Host- cookie names and Secure.
    // Required in production (below): without it the session cookie would go out without Secure.
    NEXTAUTH_URL: z.url({ error: "must be an absolute URL such as https://lab.example.com" }).optional(),
    NEXTAUTH_SESSION_TTL_SECONDS: seconds(28_800, 300, 2_592_000),
  })
  .refine((config) => Object.keys(config.IRON_SESSION_PREVIOUS_PASSWORDS ?? {}).every((id) => Number(id) < config.IRON_SESSION_PASSWORD_ID), {
    path: ["IRON_SESSION_PASSWORD_ID"],
    message: "must be higher than every id in IRON_SESSION_PREVIOUS_PASSWORDS (new seals use the highest id)",
    ...onceValid("IRON_SESSION_PASSWORD_ID", "IRON_SESSION_PREVIOUS_PASSWORDS"),
  })
  .refine((config) => config.NODE_ENV !== "production" || config.NEXTAUTH_URL !== undefined, {
    path: ["NEXTAUTH_URL"],
    message: "is missing: in production, set the public origin (such as https://lab.example.com); next-auth's cookie names and Secure flag follow it",
    ...onceValid("NODE_ENV", "NEXTAUTH_URL"),
  })
  // Over plain http next-auth's cookie goes out without Secure: in production only a
  // machine's own loopback (the e2e suite, the bench) may be served that way.
  .refine((config) => config.NODE_ENV !== "production" || config.NEXTAUTH_URL === undefined || isHttpsOrLoopback(config.NEXTAUTH_URL), {
    path: ["NEXTAUTH_URL"],
    message: "must be an https:// URL in production (plain http only for localhost); next-auth's Secure flag follows it",
    ...onceValid("NODE_ENV", "NEXTAUTH_URL"),
  })
  .refine((config) => !(config.JWT_PREVIOUS_PUBLIC_JWKS ?? []).some((key) => key.kid === config.JWT_PRIVATE_JWK.kid), {
    path: ["JWT_PREVIOUS_PUBLIC_JWKS"],
    message: "must not reuse the current key's kid",
    ...onceValid("JWT_PRIVATE_JWK", "JWT_PREVIOUS_PUBLIC_JWKS"),
  })
  // Two keys with one kid: the app would verify with one, and a JWKS client would refuse both.
  .refine((config) => new Set(config.JWT_PREVIOUS_PUBLIC_JWKS?.map((key) => key.kid)).size === (config.JWT_PREVIOUS_PUBLIC_JWKS?.length ?? 0), {
    path: ["JWT_PREVIOUS_PUBLIC_JWKS"],
    message: "must not hold two keys with the same kid",
    ...onceValid("JWT_PREVIOUS_PUBLIC_JWKS"),
  });

export type Env = z.infer<typeof schema>;

/** The names of every variable this app reads. */
export const SETTING_NAMES = Object.keys(schema.shape) as (keyof Env)[];

/** Thrown once, at start-up or first use, with every problem listed. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Validates a set of variables; exported for tests, use {@link env} in app code. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  - ${issue.path[0]?.toString() ?? "config"} ${issue.message}`);
  throw new ConfigError(`Session Lab cannot start: its configuration is invalid.\n${problems.join("\n")}\n${HOW_TO_MAKE_SECRETS}`);
}

let cached: Env | undefined;

/** The validated configuration of this process. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
