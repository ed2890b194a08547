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

/**
 * A lookup of the methods of the route that answers a path: null for a page, and for a path
 * Next.js changes before it routes it (percent-encoded, `.` or `..`, a doubled or trailing
 * slash, a `\` or a `#`), which is left to Next.js.
 */
export function methodsLookup(table: readonly RouteMethods[]): (path: string) => string[] | null {
  const routes = table.map(({ pattern, methods }) => {
    const segments = pattern === "/" ? [] : pattern.split("/").slice(1);
    return { segments, ranks: segments.map(rank), methods };
  });
  return (path) => {
    if (/[%\\#]|\/\/|.\/$|\/\.\.?(\/|$)/.test(path)) return null;
    const segments = path === "/" ? [] : path.split("/").slice(1);
    let best: (typeof routes)[number] | null = null;
    for (const route of routes) {
      if (matches(route.segments, segments) && (!best || moreSpecific(route.ranks, best.ranks))) best = route;
    }
    return best?.methods ?? null;
  };
}

/**
 * The methods of the route handler that answers `path` in this app, or null (see {@link methodsLookup}).
 * Checked once: a generated file from an older version of the generator fails here, by name.
 *
 * @example
 * allowedMethods("/api/jwt/me"); // ["GET", "HEAD", "OPTIONS"]
 */
export const allowedMethods = methodsLookup(
  z.array(z.object({ pattern: z.string(), methods: z.array(z.string()).nullable() })).parse(generated),
);
