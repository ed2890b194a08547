import { describe, expect, it, vi } from "vitest";
import { hashOnThread, verifyOnThread } from "@/lib/hashing-threads";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "@/lib/passwords";
import { authenticate } from "@/lib/users";

// The real hashing threads, watched: the unknown-user answer must cost one real check,
// which its result (always false) cannot show.
vi.mock("@/lib/hashing-threads", async (importOriginal) => {
  const threads = await importOriginal<typeof import("@/lib/hashing-threads")>();
  return { ...threads, hashOnThread: vi.fn(threads.hashOnThread), verifyOnThread: vi.fn(threads.verifyOnThread) };
});

describe("passwords", () => {
  it("hashes with Argon2id at OWASP's parameters, salted", async () => {
    const a = await hashPassword("correct-horse-battery-staple");
    const b = await hashPassword("correct-horse-battery-staple");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
  });

  it("verifies the right password and refuses others", async () => {
    const stored = await hashPassword("correct-horse-battery-staple");
    expect(await verifyPassword(stored, "correct-horse-battery-staple")).toBe(true);
    expect(await verifyPassword(stored, "correct-horse-battery-stapl")).toBe(false);
    expect(await verifyPassword(stored, "")).toBe(false);
  });

  it("treats a malformed stored hash as a mismatch, not an exception", async () => {
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
  });

  it("spends a real check on unknown users and always refuses", async () => {
    vi.mocked(verifyOnThread).mockClear();
    expect(await verifyAgainstDummy("correct-horse-battery-staple")).toBe(false);
    expect(await authenticate("nobody-at-all", "correct-horse-battery-staple")).toBeNull();
    expect(vi.mocked(verifyOnThread).mock.calls).toEqual([
      [expect.stringMatching(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/), "correct-horse-battery-staple"],
      [expect.stringMatching(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/), "correct-horse-battery-staple"],
    ]);
  });

  it("checks unknown users against a hash at the same parameters as a real one, and hashes nothing first", async () => {
    const parameters = (hash = "") => hash.split("$").slice(1, 4).join("$"); // argon2id$v=19$m=…,t=…,p=…
    const real = parameters(await hashPassword("x"));
    vi.resetModules(); // a passwords module that has checked no unknown user yet
    const { verifyAgainstDummy: fresh } = await import("@/lib/passwords");
    vi.mocked(hashOnThread).mockClear();
    vi.mocked(verifyOnThread).mockClear();
    await fresh("x");
    expect(vi.mocked(hashOnThread)).not.toHaveBeenCalled();
    expect(parameters(vi.mocked(verifyOnThread).mock.calls[0]?.[0])).toBe(real);
  });
});
