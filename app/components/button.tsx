"use client";

import type { ComponentProps, MouseEvent } from "react";

interface ButtonProps extends ComponentProps<"button"> {
  /** Pressing it does nothing for now (a request is out, a field is empty); it keeps its focus. */
  unavailable?: boolean;
}

/**
 * A button that can be unavailable without losing focus. A `disabled` button drops the focus
 * it had to <body>, and the next Tab starts again from the top of the page; this one stays
 * focused, is announced as unavailable (`aria-disabled`), and ignores presses meanwhile.
 *
 * @example
 * <Button unavailable={busy} onClick={signOut} className={buttonSecondary}>Sign out</Button>
 */
export function Button({ unavailable = false, type = "button", onClick, ...props }: ButtonProps) {
  function press(event: MouseEvent<HTMLButtonElement>) {
    // preventDefault: a submit button's form is not sent either (Enter in a field presses it too).
    if (unavailable) event.preventDefault();
    else onClick?.(event);
  }
  return <button {...props} type={type} aria-disabled={unavailable || undefined} onClick={press} />;
}
