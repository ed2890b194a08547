import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PATTERN_SPECS, extractAllPatterns, extractPattern, type PatternSpec } from "@/scripts/generate/patterns";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "session-lab-patterns-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const SOURCE = `import "server-only";

// Not attached: a blank line follows.

const LIMIT = 5;

// Attached to the function below.
/**
 * Says hello.
 */
export function hello(name: string): string {
  return \`hello \${name}\`;
}
export const bye = () => "bye"; // the line's trailing comment comes along

type Unrelated = string;
`;
fs.writeFileSync(path.join(root, "sample.ts"), SOURCE);

const spec = (symbols: PatternSpec["symbols"]): PatternSpec => ({ id: "sample", title: "Sample", note: "", file: "sample.ts", symbols });
const lines = (from: number, to: number) => SOURCE.split("\n").slice(from - 1, to).join("\n");

describe("extractPattern", () => {
  it("cuts whole lines, from the comments directly above a declaration to its end", () => {
    const pattern = extractPattern(root, spec(["hello"]));
    expect(pattern).toMatchObject({ path: "sample.ts", startLine: 7, endLine: 13 });
    expect(pattern.code).toBe(lines(7, 13));
    expect(pattern.code.startsWith("// Attached to the function below.")).toBe(true);
  });

  it("shows adjacent declarations as one block, trailing comment included", () => {
    const pattern = extractPattern(root, spec(["bye", "hello"]));
    expect(pattern).toMatchObject({ startLine: 7, endLine: 14 });
    expect(pattern.code).toBe(lines(7, 14));
  });

  it("leaves out a comment that a blank line separates from the declaration", () => {
    expect(extractPattern(root, spec(["LIMIT"]))).toMatchObject({ startLine: 5, endLine: 5, code: "const LIMIT = 5;" });
  });

  it("fails loudly, naming the file and the symbol, when a symbol is gone", () => {
    expect(() => extractPattern(root, spec(["goodbye"]))).toThrow(/sample\.ts .*"goodbye"/);
  });

  it("refuses symbols that are not adjacent", () => {
    expect(() => extractPattern(root, spec(["LIMIT", "bye"]))).toThrow(/not adjacent/);
  });

  it("fails loudly when the block does not show what its note promises: a name moved to other code", () => {
    expect(extractPattern(root, { ...spec(["hello"]), shows: ["hello ${name}"] }).startLine).toBe(7);
    expect(() => extractPattern(root, { ...spec(["hello"]), shows: ["hello ${name}", "LIMIT"] })).toThrow(/sample\.ts .*does not show "LIMIT"/);
  });

  it("fails loudly when the file is gone", () => {
    expect(() => extractPattern(root, { ...spec(["hello"]), file: "missing.ts" })).toThrow(/cannot read missing\.ts/);
  });
});

describe("PATTERN_SPECS", () => {
  it("finds every listed symbol in this repository, with a guard and a login check for each approach", () => {
    const patterns = extractAllPatterns(process.cwd());
    expect(Object.keys(patterns)).toEqual(Object.keys(PATTERN_SPECS));
    for (const list of Object.values(patterns)) {
      expect(list.map((p) => p.id)).toEqual(expect.arrayContaining(["guard", "login", "verify"]));
      expect(new Set(list.map((p) => p.id)).size).toBe(list.length);
      for (const pattern of list) {
        const file = fs.readFileSync(path.join(process.cwd(), pattern.path), "utf8").split("\n");
        expect(pattern.code).toBe(file.slice(pattern.startLine - 1, pattern.endLine).join("\n"));
      }
    }
  });
});
