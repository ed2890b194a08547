import type { RefObject } from "react";
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
