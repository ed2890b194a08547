import "server-only";

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

  /** Remembers a verified credential until `expiresAt` (epoch ms). */
  set(credential: string, value: Value, expiresAt: number): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(credential, { value, expiresAt });
  }

  get size(): number {
    return this.entries.size;
  }
}
