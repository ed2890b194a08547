"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { Button } from "./button";
import { useFocusAfterRemoval } from "./keep-focus";
import { alertBox, buttonPrimary, buttonQuietDanger, input, localTime } from "./ui";
import type { Notes } from "./use-notes";

/**
 * The API's limit, in code points as the API counts them. Not the field's `maxLength`: that
 * counts UTF-16 units, so it would stop a note of emoji at half the length the API accepts.
 */
const MAX_NOTE_LENGTH = 1000;

interface NotesSectionProps {
  /** The notes and the calls that change them (`useNotes`). */
  notes: Notes;
  /** A request of this column is out (a note's too): adding and deleting wait for it. */
  busy: boolean;
}

/** The start of a note, enough to tell it apart: a button's name is read out whole. */
function excerpt(text: string): string {
  const characters = Array.from(new Intl.Segmenter().segment(text), ({ segment }) => segment); // an emoji is one
  return characters.length > 60 ? `${characters.slice(0, 60).join("")}…` : text;
}

export function NotesSection({ notes, busy }: NotesSectionProps) {
  const { items, loading, error, deletingId } = notes;
  // A list still on its way was read before any change made now, and would undo it when it lands.
  const waiting = busy || loading;
  const id = useId();
  const [text, setText] = useState("");
  const field = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  // A deleted note's Delete passes focus to the next note's, else the one above, else the field.
  const deleting = useFocusAfterRemoval(items, list, field);

  const length = Array.from(text.trim()).length;
  const tooLong = length > MAX_NOTE_LENGTH;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!text.trim() || tooLong) return;
    if (await notes.add(text.trim())) setText("");
  }

  return (
    <div className="space-y-3">
      <div className="flex items-baseline justify-between">
        <h3 className="text-sm font-semibold text-slate-900 dark:text-slate-100">Your notes</h3>
        <span className="text-xs text-slate-500 dark:text-slate-400" aria-live="polite">
          {loading ? "Loading…" : `${items.length} ${items.length === 1 ? "note" : "notes"}`}
        </span>
      </div>
      <form onSubmit={submit} className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1">
          <label htmlFor={`${id}-note`} className="mb-1 block text-xs font-medium text-slate-700 dark:text-slate-300">
            New note
          </label>
          <input
            ref={field}
            id={`${id}-note`}
            value={text}
            placeholder="Something only you should see"
            onChange={(event) => setText(event.target.value)}
            aria-invalid={tooLong || undefined}
            aria-describedby={tooLong ? `${id}-too-long` : undefined}
            className={input}
          />
        </div>
        <Button type="submit" unavailable={waiting || !text.trim() || tooLong} className={buttonPrimary}>
          Add note
        </Button>
      </form>
      {tooLong ? (
        <p id={`${id}-too-long`} className="text-xs text-red-700 dark:text-red-400">
          Too long: {length.toLocaleString("en")} characters (Unicode code points, as the API counts them); a note holds at
          most {MAX_NOTE_LENGTH.toLocaleString("en")}.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className={alertBox}>
          {error}
        </p>
      ) : null}
      <ul
        ref={list}
        aria-label="Notes"
        // Up to 200 notes of up to 1,000 characters: the list scrolls rather than stretch the column.
        className="max-h-96 divide-y divide-slate-100 overflow-y-auto rounded-lg ring-1 ring-slate-200 dark:divide-white/10 dark:ring-white/10">
        {items.length === 0 ? (
          // Inside the list, so the list is there (and announced as empty) even before the first note.
          <li className="px-3 py-4 text-center text-sm text-slate-500 dark:text-slate-400">
            {loading ? "Loading notes…" : "No notes yet. Add one: it is stored on the server, under your user."}
          </li>
        ) : null}
        {items.map((note, index) => (
          <li key={note.id} className="flex items-start gap-3 px-3 py-2.5">
            <div className="min-w-0 flex-1">
              <p className="text-sm wrap-anywhere whitespace-pre-wrap text-slate-800 dark:text-slate-200">{note.text}</p>
              <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
                <time dateTime={note.createdAt}>{localTime.format(new Date(note.createdAt))}</time>
              </p>
            </div>
            <Button
              aria-label={`Delete note: ${excerpt(note.text)}`}
              unavailable={waiting}
              onClick={() => {
                deleting(note.id, index);
                void notes.remove(note);
              }}
              className={`${buttonQuietDanger} shrink-0`}
            >
              {deletingId === note.id ? "Deleting…" : "Delete"}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
