import "server-only";
import { z } from "zod";

/**
 * The one place configuration is read. Validated once, on first use, so that a
 * bad deployment fails with a message that names the variable and says how to fix it.
 *
 * @example
 * const { ACCESS_TOKEN_TTL_SECONDS } = env();
 */

const HOW_TO_MAKE_SECRETS =
  "Run `npm run secrets` to write development values to .env.local, " +
  "or `npm run secrets -- --print` to print fresh values for a production environment.";

const ed25519PrivateJwk = z
  .string({ error: "is missing" })
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "is not valid JSON" });
      return z.NEVER;
    }
  })
  .pipe(
    z.object(
      {
        kty: z.literal("OKP"),
        crv: z.literal("Ed25519"),
        x: z.string().min(43),
        d: z.string().min(43),
        kid: z.string().min(1).max(64),
      },
      { error: "must be an Ed25519 private JWK with a kid" },
    ),
  );

const secret = (minLength: number) =>
  z.string({ error: "is missing" }).min(minLength, `must be at least ${minLength} characters long`);

const seconds = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_PATH: z.string().min(1).default(".data/session-lab.db"),
  DEMO_PASSWORD: z.string().min(8).default("correct-horse-battery-staple"),

  JWT_PRIVATE_JWK: ed25519PrivateJwk,
  JWT_ISSUER: z.string().min(1).default("urn:session-lab"),
  JWT_AUDIENCE: z.string().min(1).default("urn:session-lab:api"),
  ACCESS_TOKEN_TTL_SECONDS: seconds(300, 30, 3600),
  REFRESH_TOKEN_TTL_SECONDS: seconds(86_400, 300, 2_592_000),
  // Two tabs refreshing at once present the same token; a reuse later than this is theft.
  REFRESH_REUSE_GRACE_SECONDS: seconds(10, 0, 10),

  IRON_SESSION_PASSWORD: secret(32),
  COOKIE_SESSION_TTL_SECONDS: seconds(28_800, 300, 2_592_000),

  // Set it to share session state (revocations, refresh tokens, session versions) between instances.
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" })
    .optional(),

  // Failed sign-ins allowed per account and per client address in 15 minutes.
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(100),
  // How many proxies in front of the app append to X-Forwarded-For (0: none, the header is the client's own say).
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),

  SERVER_SESSION_IDLE_SECONDS: seconds(1800, 60, 86_400),
  SERVER_SESSION_TTL_SECONDS: seconds(28_800, 300, 2_592_000),

  // "off" only to measure what the check costs (npm run bench): logout then no longer stops copies.
  REVOCATION_CHECK: z.enum(["on", "off"]).default("on"),

  NEXTAUTH_SECRET: secret(32),
  // The public origin; https here turns on next-auth's __Secure-/__Host- cookie names.
  NEXTAUTH_URL: z.url({ error: "must be an absolute URL such as https://lab.example.com" }).optional(),
  NEXTAUTH_SESSION_TTL_SECONDS: seconds(28_800, 300, 2_592_000),
});

export type Env = z.infer<typeof schema>;

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
