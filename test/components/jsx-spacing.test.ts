import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// JSX drops a line break between text and an inline element, either way round:
// "also\n<C>Secure</C>" renders "alsoSecure", "</C>\nin production" renders "Securein production".
// Prose that wraps there needs {" "} at the end of the line.
const INLINE = "(?:C|code|a|Link|strong|em|span|kbd|abbr)";
const LOST_SPACE = [
  new RegExp(`[\\p{L}\\p{N},;:)&.'"?!—]\\n[ \\t]+<${INLINE}\\b`, "gu"),
  new RegExp(`</${INLINE}>\\n[ \\t]+[\\p{L}\\p{N}(]`, "gu"),
];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(file) : file.endsWith(".tsx") ? [file] : [];
  });
}

describe("prose in the pages", () => {
  it("keeps the space before an element that starts a line", () => {
    const lost = sources("app").flatMap((file) => {
      const text = fs.readFileSync(file, "utf8");
      return LOST_SPACE.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => `${file}:${text.slice(0, match.index).split("\n").length}`));
    });
    expect(lost).toEqual([]);
  });
});
