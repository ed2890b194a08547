import "server-only";
import { z } from "zod";
import { db, type Db } from "./db";
import { verifyAgainstDummy, verifyPassword } from "./passwords";

/** Every role a user can have. */
export const ROLES = ["admin", "member"] as const;
export type Role = (typeof ROLES)[number];

/** What every approach knows about a signed-in user, and all a response ever shows. */
export interface User {
  id: number;
  username: string;
  role: Role;
}

interface UserRow extends User {
  password_hash: string;
}

// Every guard reads the user on every request: prepare the statements once per connection
// (preparing costs more than running one of these).
const statements = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(connection: Db) {
  return {
    byId: connection.prepare<[number], User>("SELECT id, username, role FROM users WHERE id = ?"),
    byName: connection.prepare<[string], UserRow>("SELECT id, username, role, password_hash FROM users WHERE username = ?"),
    // The caller's role is checked by the write itself: two admins demoting each other at once
    // (their bodies still on the way after both passed the guard) leave one admin, not none.
    setRole: connection.prepare<[Role, string, number], User>(
      "UPDATE users SET role = ? WHERE username = ? AND EXISTS (SELECT 1 FROM users WHERE id = ? AND role = 'admin') RETURNING id, username, role",
    ),
    stats: connection.prepare<[], { users: number; notes: number }>(
      "SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM notes) AS notes",
    ),
  };
}

function sql() {
  const connection = db();
  let prepared = statements.get(connection);
  if (!prepared) {
    prepared = prepare(connection);
    statements.set(connection, prepared);
  }
  return prepared;
}

/** The user with this id, or null (deleted users simply stop existing). */
export function findUserById(id: number): User | null {
  return sql().byId.get(id) ?? null;
}

/**
 * The user these credentials belong to, or null. Unknown usernames cost one hash
 * check too, and both failures look the same to the caller.
 *
 * @example
 * const user = await authenticate("alice", password);
 * if (!user) throw new InvalidCredentialsError();
 */
export async function authenticate(username: string, password: string): Promise<User | null> {
  const row = sql().byName.get(username);
  if (!row) return verifyAgainstDummy(password).then(() => null);
  if (!(await verifyPassword(row.password_hash, password))) return null;
  return { id: row.id, username: row.username, role: row.role };
}

export type RoleChange = { user: User } | { user: null; reason: "no-such-user" | "not-admin" };

/**
 * Gives a user another role, on behalf of the admin `by`; the guards read roles from here on
 * every request, so it applies to every credential the user holds at once. Refused as
 * `not-admin` when `by` is no longer an admin as it is written.
 *
 * @example
 * const change = setRole("bob", "admin", { by: admin.id });
 * if (!change.user) throw refusalFor(change.reason);
 */
export function setRole(username: string, role: Role, { by }: { by: number }): RoleChange {
  const user = sql().setRole.get(role, username, by);
  if (user) return { user };
  return { user: null, reason: findUserById(by)?.role === "admin" ? "no-such-user" : "not-admin" };
}

/** The body of a role change. */
export const roleChangeSchema = z.object(
  {
    username: z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(64, "is too long"),
    role: z.enum(ROLES, { error: "must be admin or member" }),
  },
  { error: "must be a JSON object" },
);

/** Counts shown to admins. */
export function userStats(): { users: number; notes: number } {
  return sql().stats.get() ?? { users: 0, notes: 0 };
}

/** The body every sign-in endpoint accepts. */
export const credentialsSchema = z.object(
  {
    username: z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(64, "is too long"),
    password: z.string({ error: "must be a string" }).min(1, "must not be empty").max(1024, "is too long"),
  },
  { error: "must be a JSON object" },
);
