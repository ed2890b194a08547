import "server-only";
import { z } from "zod";
import generated from "./generated/routes.json";

/** A route handler's path and methods, as `npm run generate` read them (scripts/generate/routes.ts). */
export interface RouteMethods {
  /** The route's folder under app/, as a path: `/api/jwt/notes/[id]`. */
  pattern: string;
  /** What it answers, in the order an `Allow` header lists them. */
  methods: string[];
}

// How specific a segment is, as Next.js ranks them: a fixed name, then `[id]`, then `[...rest]`.
const rank = (segment: string) => (segment.startsWith("[[...") ? 0 : segment.startsWith("[...") ? 1 : segment.startsWith("[") ? 2 : 3);

// Checked and split once (every request is matched against them): a generated file from an
// older version of the generator fails here, by name.
const routes = z
  .array(z.object({ pattern: z.string(), methods: z.array(z.string()) }))
  .parse(generated)
  .map(({ pattern, methods }) => {
    const segments = pattern.split("/").slice(1);
    return { segments, ranks: segments.map(rank), methods };
  });

function matches(pattern: string[], path: string[]): boolean {
  for (const [index, segment] of pattern.entries()) {
    if (segment.startsWith("[[...")) return true;
    if (segment.startsWith("[...")) return path.length > index;
    if (index >= path.length || (!segment.startsWith("[") && segment !== path[index])) return false;
  }
  return pattern.length === path.length;
}

/** The first segment where they differ decides; a longer list of equal ranks wins. */
function moreSpecific(a: number[], b: number[]): boolean {
  for (let index = 0; index < Math.min(a.length, b.length); index++) if (a[index] !== b[index]) return (a[index] ?? 0) > (b[index] ?? 0);
  return a.length > b.length;
}

/**
 * The methods of the route handler that answers `path`, or null: for a page, and for a path
 * Next.js normalises before it routes it (percent-encoded, `.` or `..`, a doubled or trailing
 * slash), which is left to Next.js.
 *
 * @example
 * allowedMethods("/api/jwt/me"); // ["GET", "HEAD", "OPTIONS"]
 */
export function allowedMethods(path: string): string[] | null {
  const segments = path.split("/").slice(1);
  if (path.includes("%") || segments.some((segment, index) => segment === "." || segment === ".." || (segment === "" && index > 0))) return null;
  let best: (typeof routes)[number] | null = null;
  for (const route of routes) {
    if (matches(route.segments, segments) && (!best || moreSpecific(route.ranks, best.ranks))) best = route;
  }
  return best?.methods ?? null;
}
