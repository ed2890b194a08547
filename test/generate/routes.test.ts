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
      export { notFound as OPTIONS, PATCH as HEAD };
      export const dynamic = "force-dynamic";
      export type Ignored = string;`;
    expect(exportedNames(ts.createSourceFile("route.ts", source, ts.ScriptTarget.Latest))).toEqual(["GET", "POST", "remove", "PUT", "OPTIONS", "HEAD", "dynamic"]);
  });

  it("gives each route its path, HEAD with GET, OPTIONS always, in Allow's order", () => {
    write("app/api/things/route.ts", "export const { POST, GET } = routes();");
    write("app/api/things/[id]/route.ts", "export const { DELETE } = routes();");
    write("app/page.tsx", "export default function Page() {}");
    expect(routeMethods(root)).toEqual([
      { pattern: "/api/things", methods: ["GET", "HEAD", "POST", "OPTIONS"] },
      { pattern: "/api/things/[id]", methods: ["DELETE", "OPTIONS"] },
    ]);
  });

  it("refuses a route group or parallel route, which it does not know how to map", () => {
    write("app/(group)/api/route.ts", "export const GET = () => {};");
    expect(() => routeMethods(root)).toThrow(/route groups and parallel routes are not handled/);
  });
});
