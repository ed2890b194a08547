import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db";

describe("a database file from before note ids were never reused", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "session-lab-notes-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

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

describe("a database in a folder of its own", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "session-lab-folder-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps the folder it made out of git (it holds password hashes), and leaves a folder it found alone", () => {
    openDatabase(path.join(dir, "made", "deeper", "lab.db")).close();
    expect(fs.readFileSync(path.join(dir, "made", ".gitignore"), "utf8")).toBe("*\n"); // the first folder it made: all of it
    expect(fs.existsSync(path.join(dir, "made", "deeper", ".gitignore"))).toBe(false);

    openDatabase(path.join(dir, "found.db")).close();
    expect(fs.existsSync(path.join(dir, ".gitignore"))).toBe(false);
  });
});
