import "server-only";
import { randomUUID } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import { env } from "../../env";
import { timed } from "../../exchange";
import { isCredentialRevoked, revocationCheckEnabled, store } from "../../store";
import type { User } from "../../users";
import { VERIFIED_CACHE_CAPACITY, VerifiedCache, describeCheck } from "../../verified-cache";
import { sealPasswords } from "./config";

/**
 * What the sealed cookie holds: who, which session and session version (for revocation),
 * until when, and optionally the application data iron-session exists to carry. This app
 * stores none; the size lab fills `data` to show where the 4 KB cookie limit bites.
 */
const sessionSchema = z.strictObject({
  sid: z.uuid(),
  userId: z.number().int().positive(),
  sv: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
  data: z.string().max(4096).optional(),
});

export type CookieSession = z.infer<typeof sessionSchema>;

// iron's Fe26.2 seal, then iron-session's "~2" format version: anything else is not ours.
const SEAL_FORMAT = /^Fe26\.2\*[\w*-]+~2$/;

export type CookieSessionResult =
  | { ok: true; session: CookieSession }
  | { ok: false; reason: "expired" | "invalid" | "revoked" };

/**
 * Seals a new session for `user` (AES-256-CBC + HMAC-SHA-256, iron's Fe26.2 format).
 *
 * @example
 * const { seal } = await sealSession(user);
 */
export async function sealSession(user: User, now = Date.now()): Promise<{ seal: string; session: CookieSession }> {
  const ttl = env().COOKIE_SESSION_TTL_SECONDS;
  const sv = await store().sessionVersion(user.id);
  const session: CookieSession = { sid: randomUUID(), userId: user.id, sv, exp: Math.floor(now / 1000) + ttl };
  const seal = await sealData(session, { password: sealPasswords(), ttl });
  return { seal, session };
}

/**
 * Opens a seal and checks it against the store (logout, sign out everywhere).
 * Tampered, truncated or foreign seals, and seals of the wrong shape, are `invalid`, never
 * an exception. A genuine seal past its expiry is `expired` for iron's minute of allowed
 * clock skew, then `invalid` too: iron refuses a seal whose expiration has passed before it
 * checks the HMAC, and iron-session answers that with the same empty object as a forgery,
 * so from then on nothing proves the seal was ever genuine.
 * `checkRevocation: false` is what a server without the store would conclude.
 */
export async function unsealSession(
  seal: string,
  { now = Date.now(), checkRevocation = revocationCheckEnabled() }: { now?: number; checkRevocation?: boolean } = {},
): Promise<CookieSessionResult> {
  const opened = await timed("auth", describeCheck("unsealData"), () => openedSeals.remember(seal, now, () => open(seal, now)));
  if (!opened.ok) return opened;
  const session = opened.value;
  if (checkRevocation && (await isCredentialRevoked(session.sid, session.userId, session.sv))) {
    return { ok: false, reason: "revoked" };
  }
  return { ok: true, session };
}

// Unsealing derives two keys and decrypts: it is the cost of this approach. A seal
// that opened before is remembered by its exact value until its own expiry (see
// VerifiedCache); the revocation check above still runs on every request.
const openedSeals = new VerifiedCache<CookieSession>(VERIFIED_CACHE_CAPACITY);

type Opening = { ok: true; value: CookieSession; expiresAt: number } | Extract<CookieSessionResult, { ok: false }>;

async function open(seal: string, now: number): Promise<Opening> {
  if (!SEAL_FORMAT.test(seal)) return { ok: false, reason: "invalid" };
  let data: unknown;
  try {
    data = await unsealData(seal, { password: sealPasswords(), ttl: env().COOKIE_SESSION_TTL_SECONDS });
  } catch {
    return { ok: false, reason: "invalid" }; // a malformed seal: iron-session's verdict on untrusted bytes
  }
  const parsed = sessionSchema.safeParse(data);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const session = parsed.data;
  if (session.exp * 1000 <= now) return { ok: false, reason: "expired" };
  return { ok: true, value: session, expiresAt: session.exp * 1000 };
}

/**
 * Makes every copy of this session's cookie useless until it would have expired, and a minute
 * more: the store drops the entry by its own clock (Redis's, for every instance), and an
 * instance whose clock runs behind it would otherwise take a revoked copy for that long.
 */
export async function revokeSession(session: CookieSession): Promise<void> {
  await store().revokeId(session.sid, session.exp * 1000 + 60_000);
}
