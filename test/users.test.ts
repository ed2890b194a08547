import { describe, expect, it } from "vitest";
import { authenticate, credentialsSchema, findUserById } from "@/lib/users";

const PASSWORD = "correct-horse-battery-staple";

describe("users", () => {
  it("seeds alice (admin) and bob (member) with hashed passwords", async () => {
    expect(findUserById(1)).toEqual({ id: 1, username: "alice", role: "admin" });
    expect(findUserById(2)).toEqual({ id: 2, username: "bob", role: "member" });
    const { db } = await import("@/lib/db");
    const hashes = db().prepare<[], { password_hash: string }>("SELECT password_hash FROM users").all();
    for (const { password_hash } of hashes) expect(password_hash).toMatch(/^\$argon2id\$/);
  });

  it("authenticates with the demo password and returns only public fields", async () => {
    expect(await authenticate("alice", PASSWORD)).toEqual({ id: 1, username: "alice", role: "admin" });
    expect(await authenticate("BOB", PASSWORD)).toEqual({ id: 2, username: "bob", role: "member" });
  });

  it("answers wrong password and unknown user alike", async () => {
    expect(await authenticate("alice", "wrong")).toBeNull();
    expect(await authenticate("mallory", PASSWORD)).toBeNull();
    expect(await authenticate("alice' OR '1'='1", PASSWORD)).toBeNull();
  });

  it("takes a password of up to 1024 characters, and no longer one to hash", () => {
    expect(credentialsSchema.safeParse({ username: "alice", password: "x".repeat(1024) }).success).toBe(true);
    expect(credentialsSchema.safeParse({ username: "alice", password: "x".repeat(1025) }).success).toBe(false);
  });

  it("answers null for an unknown id", () => {
    expect(findUserById(12345)).toBeNull();
  });
});
