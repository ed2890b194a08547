import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { env } from "./env";
import { hashPasswordSync } from "./passwords";

export type Db = Database.Database;

// Each entry runs once, in order; PRAGMA user_version records how far a file has come.
// Exported for tests.
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE users (
     id INTEGER PRIMARY KEY,
     username TEXT NOT NULL UNIQUE COLLATE NOCASE,
     password_hash TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
     created_at INTEGER NOT NULL
   );
   CREATE TABLE notes (
     id INTEGER PRIMARY KEY,
     user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     text TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX notes_by_user ON notes(user_id, id);`,
  `CREATE TABLE refresh_tokens (
     token_hash TEXT PRIMARY KEY,
     family_id TEXT NOT NULL,
     user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     expires_at INTEGER NOT NULL,
     used_at INTEGER
   );
   CREATE INDEX refresh_tokens_by_family ON refresh_tokens(family_id);
   CREATE TABLE refresh_families (
     id TEXT PRIMARY KEY,
     user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     expires_at INTEGER NOT NULL,
     revoked_at INTEGER
   );
   CREATE TABLE revoked_ids (
     id TEXT PRIMARY KEY,
     expires_at INTEGER NOT NULL
   ) WITHOUT ROWID;`,
  `ALTER TABLE refresh_families ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE session_versions (
     user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
     version INTEGER NOT NULL
   );`,
  `CREATE TABLE server_sessions (
     id TEXT PRIMARY KEY,
     user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     secret_hash TEXT NOT NULL,
     role TEXT NOT NULL,
     session_version INTEGER NOT NULL,
     user_agent TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL,
     idle_expires_at INTEGER NOT NULL,
     absolute_expires_at INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX server_sessions_by_user ON server_sessions(user_id);`,
  `CREATE TABLE login_failures (
     key TEXT PRIMARY KEY,
     count INTEGER NOT NULL,
     resets_at INTEGER NOT NULL
   ) WITHOUT ROWID;`,
  // A used refresh token gets one more successor within the grace window (a second tab), not one per replay.
  `ALTER TABLE refresh_tokens ADD COLUMN grace_used_at INTEGER;`,
  // A deleted note's id is never given again, so a stale or retried DELETE cannot remove the
  // note that took it. (SQLite reuses the highest rowid without AUTOINCREMENT, which a table
  // only gets when it is made.)
  `CREATE TABLE notes_autoincrement (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     text TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   INSERT INTO notes_autoincrement (id, user_id, text, created_at) SELECT id, user_id, text, created_at FROM notes;
   DROP TABLE notes;
   ALTER TABLE notes_autoincrement RENAME TO notes;
   CREATE INDEX notes_by_user ON notes(user_id, id);`,
  // A change of role gives a server session a new secret, not a new id, so that ending the
  // session ends every copy; requests already sent with the old secret get in for a moment.
  `ALTER TABLE server_sessions ADD COLUMN previous_secret_hash TEXT;
   ALTER TABLE server_sessions ADD COLUMN previous_secret_valid_until INTEGER NOT NULL DEFAULT 0;`,
  // A deleted user's id is never given again either. Credentials name their user by id, and
  // the user's session version went with them (ON DELETE CASCADE): the next user made would
  // have taken the id at version 0, and every cookie and token the deleted user still held
  // would have signed in as them.
  `CREATE TABLE users_autoincrement (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     username TEXT NOT NULL UNIQUE COLLATE NOCASE,
     password_hash TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
     created_at INTEGER NOT NULL
   );
   INSERT INTO users_autoincrement (id, username, password_hash, role, created_at)
     SELECT id, username, password_hash, role, created_at FROM users;
   DROP TABLE users;
   ALTER TABLE users_autoincrement RENAME TO users;`,
];

const schemaVersion = (db: Db) => Number(db.pragma("user_version", { simple: true }));

// Both in IMMEDIATE transactions that look again once they hold the write lock: another
// process opening the same new file at the same moment migrates and seeds it first, and this
// one then finds nothing left to do, instead of failing on tables that already exist.

function migrate(db: Db): void {
  if (schemaVersion(db) >= MIGRATIONS.length) return;
  // SQLite's own recipe for remaking a table: foreign keys off meanwhile (the pragma does
  // nothing inside a transaction), or dropping a table that others refer to would delete
  // their rows through ON DELETE CASCADE; instead each migration is checked before it commits.
  db.pragma("foreign_keys = OFF");
  try {
    db.transaction(() => {
      for (let index = schemaVersion(db); index < MIGRATIONS.length; index++) {
        db.exec(MIGRATIONS[index] ?? "");
        if ((db.pragma("foreign_key_check") as unknown[]).length > 0) throw new Error(`migration ${index + 1} left rows whose foreign keys point nowhere`);
        db.pragma(`user_version = ${index + 1}`);
      }
    }).immediate();
  } finally {
    db.pragma("foreign_keys = ON");
  }
}

function seedDemoUsers(db: Db): void {
  const hasUsers = () => db.prepare("SELECT 1 FROM users LIMIT 1").get() !== undefined;
  if (hasUsers()) return;
  const passwordHash = hashPasswordSync(env().DEMO_PASSWORD);
  const insert = db.prepare("INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)");
  const seeded = db
    .transaction(() => {
      if (hasUsers()) return false;
      insert.run("alice", passwordHash, "admin", Date.now());
      insert.run("bob", passwordHash, "member", Date.now());
      return true;
    })
    .immediate();
  if (seeded && env().NODE_ENV === "production") {
    // Right for this demo, whose page shows the password. A copy that kept the seed should hear
    // that its admin has a public password.
    console.warn("[session-lab] new database: seeded the demo users alice (admin) and bob, with the password the home page shows (DEMO_PASSWORD)");
  }
}

/** Opens (creating, migrating and seeding as needed) the SQLite file at `file`. */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") {
    // Password hashes, session and refresh-token hashes, notes: for this user's eyes only. A
    // new file is made 0600 before SQLite opens it, which gives its -wal and -shm the same.
    const made = fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
    // A folder this app made holds only its data: never for git.
    if (made !== undefined) fs.writeFileSync(path.join(made, ".gitignore"), "*\n");
    fs.closeSync(fs.openSync(file, "a", 0o600));
  }
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  seedDemoUsers(db);
  return db;
}

// One connection per process. Kept on globalThis so that dev-mode reloads, and the
// proxy's separate bundle, share it instead of opening the file again.
const holder = globalThis as typeof globalThis & { sessionLabDb?: Db; sessionLabDbMigrations?: number };

/** The process's database connection. */
export function db(): Db {
  holder.sessionLabDb ??= openDatabase(env().DATABASE_PATH);
  // A dev server that reloads this module with a new migration keeps its old connection.
  if (holder.sessionLabDbMigrations !== MIGRATIONS.length) {
    migrate(holder.sessionLabDb);
    holder.sessionLabDbMigrations = MIGRATIONS.length;
  }
  return holder.sessionLabDb;
}
