import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// JSX drops the line break between a line of text and an element that starts the next line:
// "also\n<C>Secure</C>" renders "alsoSecure". Prose that wraps before an inline element needs
// {" "} at the end of the line.
const LOST_SPACE = /[\p{L}\p{N},;:)&.]\n[ \t]+<(?:C|code|a|Link|strong|em|span|kbd|abbr)\b/gu;

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
      return [...text.matchAll(LOST_SPACE)].map((match) => `${file}:${text.slice(0, match.index).split("\n").length}`);
    });
    expect(lost).toEqual([]);
  });
});
