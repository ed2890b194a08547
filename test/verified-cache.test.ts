import { describe, expect, it } from "vitest";
import { MAX_CACHED_CREDENTIAL_LENGTH, VerifiedCache, describeCheck } from "@/lib/verified-cache";

describe("VerifiedCache", () => {
  it("answers only for the exact credential, until its expiry", () => {
    const cache = new VerifiedCache<string>(10);
    cache.set("token-a", "claims-a", 1000);
    expect(cache.get("token-a", 999)).toBe("claims-a");
    expect(cache.get("token-A", 999)).toBeUndefined();
    expect(cache.get("token-a ", 999)).toBeUndefined();
    expect(cache.get("token-a", 1000)).toBeUndefined();
    expect(cache.size).toBe(0); // an expired entry is dropped when met
  });

  it("stays within its bound, dropping the oldest first", () => {
    const cache = new VerifiedCache<number>(3);
    for (const n of [1, 2, 3, 4]) cache.set(`t${n}`, n, 10_000);
    expect(cache.size).toBe(3);
    expect(cache.get("t1", 0)).toBeUndefined();
    expect(cache.get("t4", 0)).toBe(4);
  });

  it("keeps no credential longer than a browser's cookie: those are checked every time", async () => {
    const cache = new VerifiedCache<string>(10);
    const large = "x".repeat(MAX_CACHED_CREDENTIAL_LENGTH + 1);
    const fits = "y".repeat(MAX_CACHED_CREDENTIAL_LENGTH);
    let checks = 0;
    const verify = async () => ({ ok: true as const, value: "claims", expiresAt: 2_000 });
    for (let i = 0; i < 3; i++) expect(await cache.remember(large, 1_000, () => (checks++, verify()))).toMatchObject({ ok: true, cached: false });
    expect(checks).toBe(3);
    expect(cache.size).toBe(0);
    await cache.remember(fits, 1_000, verify);
    expect(cache.get(fits, 1_000)).toBe("claims");
  });

  it("remembers a success until its expiry, and never a failure", async () => {
    const cache = new VerifiedCache<string>(10);
    let calls = 0;
    const verify = async () => {
      calls += 1;
      return { ok: true as const, value: "claims", expiresAt: 1000 };
    };
    expect(await cache.remember("token", 0, verify)).toEqual({ ok: true, value: "claims", cached: false });
    expect(await cache.remember("token", 999, verify)).toEqual({ ok: true, value: "claims", cached: true });
    expect(calls).toBe(1);
    expect(await cache.remember("token", 1000, verify)).toEqual({ ok: true, value: "claims", cached: false });
    expect(calls).toBe(2);

    const refuse = async () => ({ ok: false as const, reason: "invalid" });
    expect(await cache.remember("forged", 0, refuse)).toEqual({ ok: false, reason: "invalid" });
    expect(cache.get("forged", 0)).toBeUndefined();
  });
});

describe("describeCheck", () => {
  it("names the operation, and says when the cache answered", () => {
    expect(describeCheck("jwtVerify")({ ok: true, cached: false })).toBe("jwtVerify");
    expect(describeCheck("jwtVerify")({ ok: true, cached: true })).toBe("jwtVerify: seen before (cache)");
    expect(describeCheck("jwtVerify")({ ok: false })).toBe("jwtVerify");
  });
});
