import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { exportedNames, routeMethods } from "@/scripts/generate/routes";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "session-lab-routes-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const write = (file: string, source: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), source);
};

describe("the methods each route exports", () => {
  it("reads every form of export a route file uses, and nothing else", () => {
    const source = `
      export const GET = route(async () => new Response());
      export const { POST, DELETE: remove } = routes();
      export function PUT() {}
      const PATCH = () => {};
      export { notFound as OPTIONS, PATCH as HEAD, type Handler as TRACE };
      export type { Handler as CONNECT } from "./types";
      export const dynamic = "force-dynamic";
      export type Ignored = string;`;
    expect(exportedNames(ts.createSourceFile("route.ts", source, ts.ScriptTarget.Latest))).toEqual(["GET", "POST", "remove", "PUT", "OPTIONS", "HEAD", "dynamic"]);
  });

  it("refuses a module that exports everything another one does: its methods cannot be read", () => {
    expect(() => exportedNames(ts.createSourceFile("route.ts", 'export * from "./handlers";', ts.ScriptTarget.Latest))).toThrow(/`export \*` hides/);
  });

  it("gives each route its path, HEAD with GET, OPTIONS always, in Allow's order; each page its path alone", () => {
    write("app/api/things/route.ts", "export const { POST, GET } = routes();");
    write("app/api/things/[id]/route.ts", "export const { DELETE } = routes();");
    write("app/page.tsx", "export default function Page() {}");
    write("app/things/new/page.tsx", "export default function Page() {}");
    expect(routeMethods(root)).toEqual([
      { pattern: "/", methods: null },
      { pattern: "/api/things", methods: ["GET", "HEAD", "OPTIONS", "POST"] },
      { pattern: "/api/things/[id]", methods: ["DELETE", "OPTIONS"] },
      { pattern: "/things/new", methods: null },
    ]);
  });

  it("refuses what it cannot map: a route file it does not read, a route group, routing moved by next.config.js", () => {
    write("app/api/js/route.js", "export const GET = () => {};");
    expect(() => routeMethods(root)).toThrow(/only route\.ts files are read/);
    fs.rmSync(path.join(root, "app/api/js"), { recursive: true });
    write("app/(group)/api/route.ts", "export const GET = () => {};");
    expect(() => routeMethods(root)).toThrow(/route groups and parallel routes are not handled/);
    fs.rmSync(path.join(root, "app/(group)"), { recursive: true });
    write("next.config.js", "module.exports = { basePath: '/lab' };");
    expect(() => routeMethods(root)).toThrow(/basePath changes routing/);
  });
});
