import "server-only";

/** This app's own credentials are under 1 KB (a JWT about 480 bytes, a sealed cookie less). */
export const MAX_CACHED_CREDENTIAL_LENGTH = 1024;

/** How many verified credentials each approach remembers: about 15 MB at most (see below). */
export const VERIFIED_CACHE_CAPACITY = 10_000;

/**
 * Remembers credentials that already passed their cryptographic check, keyed by the
 * exact credential string, so a token or cookie seen again skips the signature or
 * decryption work (the expensive part) but nothing else.
 *
 * Why this is safe: a hit needs the byte-identical credential that verified before
 * (change one bit and it misses); every entry dies at the credential's own expiry;
 * the cache holds no decision about revocation or roles, which callers still check
 * on every request; and it is bounded, evicting the oldest entries first.
 *
 * The string is a cache key, never an identity. Each approach refuses other spellings of a
 * credential it issued (lib/base64url.ts for JWTs and next-auth cookies; iron's HMAC covers
 * the seal's text), but anything that must refuse a credential, such as revocation, still
 * goes by the id inside it (a JWT's `fid`, a session id), never by the string.
 *
 * Bounded in bytes too: a credential longer than {@link MAX_CACHED_CREDENTIAL_LENGTH}
 * is verified every time, never kept. The entry count alone let anyone who can get a
 * large credential made (the size lab signs them on request, anonymously) park a cache's
 * worth of them in memory for hours: at the old 4 KB cap, 40 MB of keys a cache, and the size
 * lab fills three.
 * With this cap an entry is about 1.5 KB at most, the key included: 10,000 of them, 15 MB.
 *
 * @example
 * const claims = cache.get(token, now) ?? (await verify(token));
 */
export class VerifiedCache<Value> {
  private readonly entries = new Map<string, { value: Value; expiresAt: number }>();

  constructor(private readonly maxEntries: number) {}

  /** The value verified for exactly this credential, if it has not expired by `now` (epoch ms). */
  get(credential: string, now: number): Value | undefined {
    const entry = this.entries.get(credential);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(credential);
      return undefined;
    }
    return entry.value;
  }

  /** Remembers a verified credential until `expiresAt` (epoch ms), unless it is too long to keep. */
  set(credential: string, value: Value, expiresAt: number): void {
    if (credential.length > MAX_CACHED_CREDENTIAL_LENGTH) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(credential, { value, expiresAt });
  }

  /**
   * The verdict for `credential`: the remembered value if it verified before, else what
   * `verify` says, a success then remembered until its `expiresAt` (epoch ms). `cached`
   * says which of the two answered.
   *
   * @example
   * const result = await cache.remember(token, now, () => verifyToken(token));
   * if (result.ok) use(result.value);
   */
  async remember<Failure extends { ok: false }>(
    credential: string,
    now: number,
    verify: () => Promise<{ ok: true; value: Value; expiresAt: number } | Failure>,
  ): Promise<{ ok: true; value: Value; cached: boolean } | Failure> {
    const remembered = this.get(credential, now);
    if (remembered !== undefined) return { ok: true, value: remembered, cached: true };
    const verdict = await verify();
    if (verdict.ok === false) return verdict;
    this.set(credential, verdict.value, verdict.expiresAt);
    return { ok: true, value: verdict.value, cached: false };
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A `Server-Timing` description that says whether a check was answered by the cache. */
export function describeCheck(operation: string): (result: { ok: boolean; cached?: boolean }) => string {
  return (result) => (result.ok && result.cached ? `${operation}: seen before (cache)` : operation);
}
