import { findUserById, type User } from "@/lib/users";

/** The seeded demo users (ids 1 and 2 in a fresh database). */
export function demoUsers(): { alice: User; bob: User } {
  const alice = findUserById(1);
  const bob = findUserById(2);
  if (alice?.username !== "alice" || bob?.username !== "bob") throw new Error("demo users are not seeded");
  return { alice, bob };
}
