import { useCallback, useState, type RefObject } from "react";
import type { ApiResult, ApproachClient, Note } from "./api/types";
import { problemText } from "./ui";

/** A column's notes, and the calls that read and change them. */
export interface Notes {
  /** Newest first. */
  items: readonly Note[];
  loading: boolean;
  /** Why the last call about notes failed, until one succeeds. */
  error: string | null;
  /** A note is being added or deleted: the column's other actions wait for it. */
  busy: boolean;
  /** The note being deleted, whose button says so. */
  deletingId: number | null;
  load(): Promise<void>;
  /** Resolves true when the note was saved, so the field can be cleared. */
  add(text: string): Promise<boolean>;
  remove(note: Note): Promise<void>;
  /**
   * Forgets the notes and their error, when the column signs out or changes user; a list still
   * on its way is for the user before, and is dropped (see `epoch`). The same function on every render.
   */
  clear(): void;
}

/**
 * The signed-in user's notes, read and changed through the column's `client`. An answer that
 * arrives after `epoch` has moved on (a sign-in or sign-out since it was asked for) is dropped,
 * so a note added by one user never shows in the next one's list.
 * Every failure goes to `onFailure` too, since a 401 means the column's credential is gone.
 *
 * @example
 * const notes = useNotes(client, epoch, noticeUnauthorized);
 * <NotesSection notes={notes} busy={busy} />
 */
export function useNotes(
  client: ApproachClient,
  epoch: RefObject<number>,
  onFailure: (result: ApiResult<unknown>) => void,
): Notes {
  const [items, setItems] = useState<readonly Note[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [deletingId, setDeletingId] = useState<number | null>(null);

  function fail(result: Extract<ApiResult<unknown>, { ok: false }>) {
    setError(problemText(result));
    onFailure(result);
  }

  async function load() {
    const started = epoch.current;
    setLoading(true);
    const result = await client.listNotes();
    if (epoch.current !== started) return;
    setLoading(false);
    if (result.ok) {
      setItems(result.data);
      setError(null);
    } else {
      fail(result);
    }
  }

  async function add(text: string): Promise<boolean> {
    const started = epoch.current;
    setAdding(true);
    const result = await client.addNote(text);
    setAdding(false);
    if (epoch.current !== started) return false;
    if (!result.ok) {
      fail(result);
      return false;
    }
    setItems((current) => [result.data, ...current.filter((note) => note.id !== result.data.id)]);
    setError(null);
    return true;
  }

  async function remove(note: Note) {
    const started = epoch.current;
    setDeletingId(note.id);
    const result = await client.deleteNote(note.id);
    setDeletingId(null);
    if (epoch.current !== started) return;
    // A 404: it was gone already (deleted from another tab, say), so it goes from the list too.
    if (result.ok || result.status === 404) {
      setItems((current) => current.filter((candidate) => candidate.id !== note.id));
    }
    if (result.ok) setError(null);
    else fail(result);
  }

  const clear = useCallback(() => {
    setItems([]);
    setError(null);
    setLoading(false);
  }, []);

  return { items, loading, error, busy: adding || deletingId !== null, deletingId, load, add, remove, clear };
}
