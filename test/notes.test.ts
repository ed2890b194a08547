import { describe, expect, it } from "vitest";
import { MAX_NOTES_PER_USER, createNote, deleteNote, listNotes, newNoteSchema } from "@/lib/notes";
import { writingFromAnotherProcess } from "./support/another-process";

describe("notes", () => {
  it("keeps each user's notes to themselves, newest first", () => {
    const first = createNote(1, "alice one");
    const second = createNote(1, "alice two");
    createNote(2, "bob one");
    expect(listNotes(1).map((n) => n.text)).toEqual(["alice two", "alice one"]);
    expect(listNotes(2).map((n) => n.text)).toEqual(["bob one"]);
    expect(first?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(second?.id).toBeGreaterThan(first?.id ?? Infinity);
  });

  it("deletes only the owner's note", () => {
    const note = createNote(1, "private");
    if (!note) throw new Error("expected a note");
    expect(deleteNote(2, note.id)).toBe(false);
    expect(listNotes(1).some((n) => n.id === note.id)).toBe(true);
    expect(deleteNote(1, note.id)).toBe(true);
    expect(deleteNote(1, note.id)).toBe(false);
  });

  it("never gives a deleted note's id again, so a repeated DELETE cannot remove another note", () => {
    const deleted = createNote(1, "the newest note");
    if (!deleted) throw new Error("expected a note");
    deleteNote(1, deleted.id);
    const next = createNote(1, "written after it was deleted");
    expect(next?.id).toBeGreaterThan(deleted.id);
    expect(deleteNote(1, deleted.id)).toBe(false);
    expect(listNotes(1).some((n) => n.id === next?.id)).toBe(true);
  });

  it("stores text as data, never as SQL or markup", () => {
    const text = "'); DROP TABLE notes; -- <script>alert(1)</script>";
    expect(createNote(2, text)?.text).toBe(text);
    expect(listNotes(2).some((n) => n.text === text)).toBe(true);
  });

  it("caps how many notes one user can keep", () => {
    for (let i = listNotes(2).length; i < MAX_NOTES_PER_USER; i++) expect(createNote(2, `n${i}`)).not.toBeNull();
    expect(createNote(2, "one too many")).toBeNull();
  });

  it("adds a note while another process holds the write lock, once it lets go (it does not fail on a stale read)", async () => {
    const before = listNotes(1).length; // the file exists, with its tables
    // Another server on the same file, mid-write: it holds the write lock for 300 ms, then commits.
    const { committed } = await writingFromAnotherProcess(process.env.DATABASE_PATH ?? "", [
      `INSERT INTO notes (user_id, text, created_at) VALUES (1, 'from the other process', ${Date.now()})`,
    ]);
    // A deferred transaction would count the notes first, and its insert would then get
    // SQLITE_BUSY at once: a reader cannot wait for a writer, whatever the busy timeout.
    expect(createNote(1, "from this process")?.text).toBe("from this process");
    await committed;
    expect(listNotes(1).slice(0, 2).map((n) => n.text)).toEqual(["from this process", "from the other process"]);
    expect(listNotes(1)).toHaveLength(before + 2);
  });

  it.each([[{ text: "" }], [{ text: "   " }], [{ text: "x".repeat(1001) }], [{ text: 1 }], [{}], [null], ["text"]])(
    "refuses the body %j",
    (body) => {
      expect(newNoteSchema.safeParse(body).success).toBe(false);
    },
  );

  it("accepts 1 to 1000 characters, trimmed", () => {
    expect(newNoteSchema.parse({ text: "  hi  " })).toEqual({ text: "hi" });
    expect(newNoteSchema.safeParse({ text: "x".repeat(1000) }).success).toBe(true);
  });

  it("refuses half a surrogate pair, which would come back as U+FFFD, and keeps whole ones", () => {
    for (const text of ["\ud800x", "x\udc00", "\udc00\ud800"]) expect(newNoteSchema.safeParse({ text }).error?.issues[0]?.message).toBe("must be valid Unicode text");
    expect(newNoteSchema.parse({ text: "caf\u00e9 \u{1f510}" })).toEqual({ text: "café 🔐" });
  });

  it("refuses control codes, and keeps tabs, line breaks and right-to-left text", () => {
    for (const text of ["a\u0000b", "\u001b[31mred", "a\u007fb", "a\u0085b"]) {
      expect(newNoteSchema.safeParse({ text }).error?.issues[0]?.message).toBe("must not contain control characters");
    }
    const kept = "line one\r\n\tline two \u2067\u05e9\u05dc\u05d5\u05dd\u2069";
    expect(newNoteSchema.parse({ text: kept })).toEqual({ text: kept });
  });
});
