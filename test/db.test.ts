import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS, openDatabase } from "@/lib/db";
import { writingFromAnotherProcess } from "./support/another-process";

/** A folder of a describe block's own for its database files, removed once the block is done. */
function scratchFolder(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("a database file from before note ids were never reused", () => {
  const dir = scratchFolder("session-lab-notes-");

  it("keeps its notes, and from then on gives no id twice", () => {
    const file = path.join(dir, "old.db");
    const old = openDatabase(file);
    old.exec(`DROP TABLE notes;
      CREATE TABLE notes (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE, text TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE INDEX notes_by_user ON notes(user_id, id);
      INSERT INTO notes (id, user_id, text, created_at) VALUES (3, 1, 'kept', 0), (4, 2, 'deleted after the upgrade', 0);
      ALTER TABLE server_sessions DROP COLUMN previous_secret_hash; -- and what the migrations after it added
      ALTER TABLE server_sessions DROP COLUMN previous_secret_valid_until;
      PRAGMA user_version = 6`);
    old.close();

    const db = openDatabase(file);
    try {
      expect(db.prepare("SELECT id, user_id, text FROM notes ORDER BY id").all()).toEqual([
        { id: 3, user_id: 1, text: "kept" },
        { id: 4, user_id: 2, text: "deleted after the upgrade" },
      ]);
      db.prepare("DELETE FROM notes WHERE id = 4").run();
      const added = db.prepare("INSERT INTO notes (user_id, text, created_at) VALUES (1, 'new', 0)").run();
      expect(added.lastInsertRowid).toBe(5);
    } finally {
      db.close();
    }
  });
});

describe("a database file from before user ids were never reused", () => {
  const dir = scratchFolder("session-lab-users-");

  it("keeps its users and everything that refers to them, and from then on gives no id twice", () => {
    const file = path.join(dir, "old.db");
    const old = openDatabase(file);
    old.pragma("foreign_keys = OFF");
    old.exec(`CREATE TABLE users_rowid (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE COLLATE NOCASE, password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'member')), created_at INTEGER NOT NULL);
      INSERT INTO users_rowid SELECT * FROM users;
      DROP TABLE users;
      ALTER TABLE users_rowid RENAME TO users;
      INSERT INTO users (id, username, password_hash, role, created_at) VALUES (3, 'carol', 'x', 'member', 0);
      INSERT INTO notes (user_id, text, created_at) VALUES (2, 'bob''s', 0), (3, 'carol''s', 0);
      INSERT INTO session_versions (user_id, version) VALUES (2, 4), (3, 1);
      PRAGMA user_version = 8`);
    old.close();

    const db = openDatabase(file);
    try {
      expect(db.prepare("SELECT id, username FROM users ORDER BY id").all()).toEqual([
        { id: 1, username: "alice" },
        { id: 2, username: "bob" },
        { id: 3, username: "carol" },
      ]);
      expect(db.prepare("SELECT user_id, text FROM notes ORDER BY id").all()).toEqual([
        { user_id: 2, text: "bob's" },
        { user_id: 3, text: "carol's" },
      ]);
      expect(db.prepare("SELECT user_id, version FROM session_versions ORDER BY user_id").all()).toEqual([
        { user_id: 2, version: 4 },
        { user_id: 3, version: 1 },
      ]);
      // The foreign keys are back on, and still cascade.
      db.prepare("DELETE FROM users WHERE id = 3").run();
      expect(db.prepare("SELECT count(*) AS n FROM notes WHERE user_id = 3").get()).toEqual({ n: 0 });
      expect(db.prepare("SELECT count(*) AS n FROM session_versions WHERE user_id = 3").get()).toEqual({ n: 0 });
      expect(() => db.prepare("INSERT INTO notes (user_id, text, created_at) VALUES (3, 'orphan', 0)").run()).toThrow(/FOREIGN KEY/);
      const dave = db.prepare("INSERT INTO users (username, password_hash, role, created_at) VALUES ('dave', 'x', 'member', 0)").run();
      expect(dave.lastInsertRowid).toBe(4);
    } finally {
      db.close();
    }
  });
});

describe("a database in a folder of its own", () => {
  const dir = scratchFolder("session-lab-folder-");

  it("keeps the folder it made out of git (it holds password hashes), and leaves a folder it found alone", () => {
    openDatabase(path.join(dir, "made", "deeper", "lab.db")).close();
    expect(fs.readFileSync(path.join(dir, "made", ".gitignore"), "utf8")).toBe("*\n"); // the first folder it made: all of it
    expect(fs.existsSync(path.join(dir, "made", "deeper", ".gitignore"))).toBe(false);

    openDatabase(path.join(dir, "found.db")).close();
    expect(fs.existsSync(path.join(dir, ".gitignore"))).toBe(false);
  });
});

describe("two processes opening a new database file at the same moment", () => {
  const dir = scratchFolder("session-lab-race-");

  it("migrate and seed it once between them: the second waits, then finds it done", async () => {
    const file = path.join(dir, "shared.db");
    // The other process, mid-way: it has made the tables and users and holds the write lock for 300 ms.
    const { committed } = await writingFromAnotherProcess(file, [
      ...MIGRATIONS,
      "INSERT INTO users (username, password_hash, role, created_at) VALUES ('alice', 'x', 'admin', 0), ('bob', 'x', 'member', 0)",
      `PRAGMA user_version = ${MIGRATIONS.length}`,
    ]);
    // Read before that commit, the file is new: running the migrations after it would fail
    // ("table users already exists"), and seeding would add the demo users twice.
    const db = openDatabase(file);
    await committed;
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
      expect(db.prepare("SELECT username FROM users ORDER BY id").pluck().all()).toEqual(["alice", "bob"]);
    } finally {
      db.close();
    }
  });
});

describe("a new database file", () => {
  const dir = scratchFolder("session-lab-mode-");

  it("is readable by this user alone, with the folder made for it: it holds password hashes", () => {
    const folder = path.join(dir, "data");
    const db = openDatabase(path.join(folder, "private.db"));
    try {
      db.prepare("SELECT 1").get(); // the -wal and -shm files exist from here on
      expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
      for (const file of fs.readdirSync(folder).filter((name) => name.startsWith("private.db"))) {
        expect(fs.statSync(path.join(folder, file)).mode & 0o077, file).toBe(0);
      }
    } finally {
      db.close();
    }
  });
});
