import { useCallback, useLayoutEffect, useRef, type RefObject } from "react";
import { flushSync } from "react-dom";

/**
 * Renders `update` at once and, if that took away the control that had focus inside `within`
 * (a form replaced by what it led to, a button by its result), focuses `next` instead. Left
 * alone, focus would fall to <body>, and the next Tab would start from the top of the page.
 * Focus anywhere else, or nowhere yet (a page that just loaded), is left where it is.
 *
 * @example
 * keepFocus(column, () => setUser(user), statusLine);
 */
export function keepFocus(
  within: RefObject<HTMLElement | null>,
  update: () => void,
  next: RefObject<HTMLElement | null>,
): void {
  const hadFocus = within.current?.contains(document.activeElement) ?? false;
  flushSync(update);
  if (hadFocus && !within.current?.contains(document.activeElement)) next.current?.focus();
}

/**
 * For a list whose rows each have a button that removes the row (a note's Delete, a session's
 * Revoke): call the answer with the row's id and place when its button is pressed. When that
 * row is gone, so is the button that had focus: focus moves to the button now in its place in
 * `list`, else the one above, else `fallback`, rather than falling to <body>. Focus that has
 * moved on meanwhile is left where it is.
 *
 * @example
 * const removing = useFocusAfterRemoval(notes, list, field);
 * <Button onClick={() => { removing(note.id, index); void remove(note); }}>Delete</Button>
 */
export function useFocusAfterRemoval<Id>(
  items: readonly { id: Id }[],
  list: RefObject<HTMLElement | null>,
  fallback: RefObject<HTMLElement | null>,
): (id: Id, index: number) => void {
  const pressed = useRef<{ id: Id; index: number } | null>(null);
  useLayoutEffect(() => {
    const last = pressed.current;
    if (!last || items.some((item) => item.id === last.id)) return;
    pressed.current = null;
    if (document.activeElement !== document.body) return; // focus had moved on: leave it there
    const buttons = list.current?.querySelectorAll("button") ?? [];
    (buttons[last.index] ?? buttons[last.index - 1] ?? fallback.current)?.focus();
  }, [items, list, fallback]);
  return useCallback((id: Id, index: number) => {
    pressed.current = { id, index };
  }, []);
}
