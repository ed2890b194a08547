import "server-only";
import type { IncomingRequest } from "./request";
import { RequestError } from "./errors";
import { readJson, route } from "./http";
import { createNote, deleteNote, listNotes, newNoteSchema } from "./notes";
import type { User } from "./users";

/** Any approach's `require…User`: the only thing that differs between their notes routes. */
export type RequireUser = (request: IncomingRequest) => Promise<User>;

/**
 * `GET` and `POST …/notes` for one approach. The notes are the same protected data
 * whichever credential reaches them.
 *
 * @example
 * export const { GET, POST } = notesRoutes(requireJwtUser);
 */
export function notesRoutes(requireUser: RequireUser) {
  return {
    GET: route(async (request) => {
      const user = await requireUser(request);
      return Response.json({ notes: listNotes(user.id) });
    }),
    POST: route(async (request) => {
      const user = await requireUser(request);
      const { text } = await readJson(request, newNoteSchema);
      const note = createNote(user.id, text);
      if (!note) throw new RequestError(409, "Conflict", "You have too many notes; delete some first.");
      return Response.json({ note }, { status: 201 });
    }),
  };
}

const NO_SUCH_NOTE = () => new RequestError(404, "Not Found", "There is no such note.");

/**
 * A note's id from its path: a positive integer that a number holds exactly, or there is no
 * such note (404). Past 2^53 − 1, Number() rounds: 9007199254740993 would read as …992.
 */
export function noteIdParam(value: string): number {
  const id = Number(value);
  if (!/^[1-9][0-9]{0,15}$/.test(value) || !Number.isSafeInteger(id)) throw NO_SUCH_NOTE();
  return id;
}

/** `DELETE …/notes/{id}` for one approach: someone else's note is simply not found. */
export function noteRoutes(requireUser: RequireUser) {
  return {
    DELETE: route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
      const user = await requireUser(request);
      if (!deleteNote(user.id, noteIdParam((await params).id))) throw NO_SUCH_NOTE();
      return new Response(null, { status: 204 });
    }),
  };
}
