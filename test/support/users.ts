import { db } from "@/lib/db";
import { hashPasswordSync } from "@/lib/passwords";
import { findUserById, type User } from "@/lib/users";

/** The seeded demo users (ids 1 and 2 in a fresh database). */
export function demoUsers(): { alice: User; bob: User } {
  const alice = findUserById(1);
  const bob = findUserById(2);
  if (alice?.username !== "alice" || bob?.username !== "bob") throw new Error("demo users are not seeded");
  return { alice, bob };
}

/**
 * A throwaway user of its own, so a test that signs someone out everywhere (or locks them
 * out) disturbs no other test. With a `password`, they can sign in; without, never.
 */
export function createUser(role: User["role"] = "member", password?: string): User {
  const username = `user-${crypto.randomUUID().slice(0, 8)}`;
  const row = db()
    .prepare<[string, string, string], { id: number }>("INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, 0) RETURNING id")
    .get(username, password === undefined ? "x" : hashPasswordSync(password), role);
  if (!row) throw new Error("could not create a user");
  return { id: row.id, username, role };
}
