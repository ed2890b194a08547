import "server-only";
import { z } from "zod";
import { db } from "./db";

export interface Note {
  id: number;
  text: string;
  createdAt: string;
}

interface NoteRow {
  id: number;
  text: string;
  created_at: number;
}

export const MAX_NOTES_PER_USER = 200;

/** A C0 or C1 control code other than tab, line feed and carriage return. */
const CONTROL_CHARACTER = /(?![\t\n\r])\p{Cc}/u;

/** The body `POST …/notes` accepts. */
export const newNoteSchema = z.object(
  {
    text: z
      .string({ error: "must be a string" })
      .trim()
      .min(1, "must not be empty")
      .max(1000, "must be at most 1000 characters")
      // Half of a surrogate pair is no character: stored as UTF-8 it would come back as U+FFFD.
      .refine((text) => !/\p{Cs}/u.test(text), "must be valid Unicode text")
      // NUL, escape and the other control codes are no text either (tab and line breaks are).
      // Bidirectional formatting characters stay allowed: right-to-left writers use them, and
      // a note is shown to its author alone, so it can mislead no one else.
      .refine((text) => !CONTROL_CHARACTER.test(text), "must not contain control characters"),
  },
  { error: "must be a JSON object" },
);

const toNote = (row: NoteRow): Note => ({ id: row.id, text: row.text, createdAt: new Date(row.created_at).toISOString() });

/** The user's notes, newest first. */
export function listNotes(userId: number): Note[] {
  return db()
    .prepare<[number], NoteRow>("SELECT id, text, created_at FROM notes WHERE user_id = ? ORDER BY id DESC")
    .all(userId)
    .map(toNote);
}

/** Adds a note, or answers null when the user already has {@link MAX_NOTES_PER_USER}. */
export function createNote(userId: number, text: string): Note | null {
  const conn = db();
  // IMMEDIATE: the write lock before the count, so that another process sharing the file makes
  // this one wait its turn. A count read first could not wait: SQLite answers SQLITE_BUSY at
  // once to a reader that wants to write while another process writes, busy timeout or not.
  const add = conn.transaction(() => {
    const { count } = conn
      .prepare<[number], { count: number }>("SELECT count(*) AS count FROM notes WHERE user_id = ?")
      .get(userId) ?? { count: 0 };
    if (count >= MAX_NOTES_PER_USER) return null;
    const row = conn
      .prepare<[number, string, number], NoteRow>(
        "INSERT INTO notes (user_id, text, created_at) VALUES (?, ?, ?) RETURNING id, text, created_at",
      )
      .get(userId, text, Date.now());
    return row ? toNote(row) : null;
  });
  return add.immediate();
}

/** Deletes the user's own note; false when there is no such note *of theirs*. */
export function deleteNote(userId: number, noteId: number): boolean {
  return db().prepare("DELETE FROM notes WHERE id = ? AND user_id = ?").run(noteId, userId).changes === 1;
}
