import { Fragment } from "react";

/**
 * A request line, path or URL that wraps after a slash when its line is short, rather than
 * mid-word (`/api/jwt/admin/rol|e`), and never between the two of `http://`. Pair it with
 * `break-words`, which breaks inside a part only when that part alone is wider than the line.
 */
export function PathText({ text }: { text: string }) {
  return text.split(/(\/+)/).map((piece, index) =>
    piece.startsWith("/") ? (
      <Fragment key={index}>
        {piece}
        <wbr />
      </Fragment>
    ) : (
      piece
    ),
  );
}
