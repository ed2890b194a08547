import "server-only";
import { z } from "zod";
import generated from "./generated/routes.json";

/** A route handler's or page's path, and a route's methods, as `npm run generate` read them (scripts/generate/routes.ts). */
export interface RouteMethods {
  /** The folder under app/, as a path: `/api/jwt/notes/[id]`. */
  pattern: string;
  /** What a route answers, in the order an `Allow` header lists them; null for a page. */
  methods: string[] | null;
}

// How specific a segment is, as Next.js ranks them: a fixed name, then `[id]`, then
// `[...rest]` (one or more), then `[[...rest]]` (none or more).
const rank = (segment: string) => (segment.startsWith("[[...") ? 0 : segment.startsWith("[...") ? 1 : segment.startsWith("[") ? 2 : 3);

function matches(pattern: string[], path: string[]): boolean {
  for (const [index, segment] of pattern.entries()) {
    if (segment.startsWith("[[...")) return true;
    if (segment.startsWith("[...")) return path.length > index;
    if (index >= path.length || (!segment.startsWith("[") && segment !== path[index])) return false;
  }
  return pattern.length === path.length;
}

/** The first segment where they differ decides; of two that never differ, the longer wins. */
function moreSpecific(a: number[], b: number[]): boolean {
  const differ = a.findIndex((rank, index) => index < b.length && rank !== b[index]);
  return differ >= 0 ? (a[differ] ?? 0) > (b[differ] ?? 0) : a.length > b.length;
}

/** What answers a path: a route handler, with the methods it exports, or a page. */
export type Target = { kind: "route"; methods: string[] } | { kind: "page" };

/**
 * What a page answers. POST is the sign-in form sent before the page's script runs (its
 * `method="post"` keeps the password out of the URL): it gets the page back, the password
 * unread. A multipart POST, which Next.js would take for a server action, is refused before
 * (lib/unparsable.ts).
 */
export const PAGE_METHODS = ["GET", "HEAD", "POST"] as const;

/**
 * A lookup of what answers a path: null for a path no route or page claims, and for one
 * Next.js changes before it routes it (percent-encoded, `.` or `..`, a doubled or trailing
 * slash, a `\` or a `#`), which is left to Next.js.
 */
export function targetLookup(table: readonly RouteMethods[]): (path: string) => Target | null {
  const routes = table.map(({ pattern, methods }) => {
    const segments = pattern === "/" ? [] : pattern.split("/").slice(1);
    const target: Target = methods ? { kind: "route", methods } : { kind: "page" };
    return { segments, ranks: segments.map(rank), target };
  });
  return (path) => {
    if (/[%\\#]|\/\/|.\/$|\/\.\.?(\/|$)/.test(path)) return null;
    const segments = path === "/" ? [] : path.split("/").slice(1);
    let best: (typeof routes)[number] | null = null;
    for (const route of routes) {
      if (matches(route.segments, segments) && (!best || moreSpecific(route.ranks, best.ranks))) best = route;
    }
    return best?.target ?? null;
  };
}

/**
 * What answers `path` in this app, or null (see {@link targetLookup}).
 * Checked once: a generated file from an older version of the generator fails here, by name.
 *
 * @example
 * targetOf("/api/jwt/me"); // { kind: "route", methods: ["GET", "HEAD", "OPTIONS"] }
 * targetOf("/jwt"); // { kind: "page" }
 */
export const targetOf = targetLookup(
  z.array(z.object({ pattern: z.string(), methods: z.array(z.string()).nullable() })).parse(generated),
);
