import { Fragment } from "react";

/**
 * A request line, path or URL that wraps after a slash when its line is short, rather than
 * mid-word (`/api/jwt/admin/rol|e`, `/.well-|known`), and never between the two of `http://`
 * nor after a leading `/` (a line of one slash). Pair it with `break-words`, which breaks
 * inside a part only when that part alone is wider than the line.
 */
export function PathText({ text }: { text: string }) {
  return text.split(/(\/+)/).map((piece, index) =>
    piece.startsWith("/") ? (
      <Fragment key={index}>
        {piece}
        {index === 1 && text.startsWith("/") ? null : <wbr />}
      </Fragment>
    ) : (
      <Fragment key={index}>{withHyphensHeld(piece)}</Fragment>
    ),
  );
}

/**
 * A browser may end a line after any hyphen: here each one is held to the character after
 * it, so `well-known` stays whole unless it alone is wider than the line.
 */
function withHyphensHeld(piece: string) {
  const [first, ...rest] = piece.split("-");
  return [
    first,
    ...rest.map((part, index) => (
      <Fragment key={index}>
        <span className="whitespace-nowrap">-{part.slice(0, 1)}</span>
        {part.slice(1)}
      </Fragment>
    )),
  ];
}
