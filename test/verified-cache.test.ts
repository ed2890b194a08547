import { describe, expect, it } from "vitest";
import { VerifiedCache } from "@/lib/verified-cache";

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
});
