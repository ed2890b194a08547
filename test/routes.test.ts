import { describe, expect, it } from "vitest";
import { targetLookup, targetOf } from "@/lib/routes";

describe("targetOf", () => {
  const methods = (path: string) => {
    const target = targetOf(path);
    return target?.kind === "route" ? target.methods : target;
  };

  it("finds the route Next.js would in this app: a fixed name over [id] over the catch-all", () => {
    expect(methods("/api/jwt/me")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(methods("/api/jwt/notes")).toEqual(["GET", "HEAD", "OPTIONS", "POST"]);
    expect(methods("/api/jwt/notes/42")).toEqual(["DELETE", "OPTIONS"]);
    expect(methods("/api")).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
    expect(methods("/api/jwt/nothing-here")).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]); // app/api/[[...unknown]]
    expect(methods("/.well-known/jwks.json")).toEqual(["GET", "HEAD", "OPTIONS"]);
  });

  it("knows the pages; says nothing for a path nothing claims, nor for paths Next.js changes before it routes them", () => {
    for (const path of ["/", "/jwt", "/cookie/account", "/lab", "/compare"]) expect(targetOf(path), path).toEqual({ kind: "page" });
    const paths = ["/nope", "/jwt/x", "/api/jwt/me/", "/api//jwt/me", "/api/%6Awt/me", "/api/jwt/notes/..", "/api/jwt/./me", "/jwt/"];
    for (const path of [...paths, "/api/jwt/notes/#x", "/api/jwt/notes/\\", "/api/jwt/notes/a\\b"]) expect(targetOf(path), path).toBeNull();
  });
});

describe("targetLookup", () => {
  const lookup = targetLookup([
    { pattern: "/", methods: null },
    { pattern: "/docs/[[...slug]]", methods: ["GET"] },
    { pattern: "/docs/new", methods: null }, // a page beside the catch-all
    { pattern: "/files/[...path]", methods: ["GET"] },
    { pattern: "/files/[id]", methods: ["DELETE"] },
    { pattern: "/files/[id]/meta", methods: ["PUT"] },
  ]);

  it("ranks as Next.js does: a name, then [id], then [...rest], then [[...rest]]", () => {
    const route = (...methods: string[]) => ({ kind: "route", methods });
    const page = { kind: "page" };
    expect(["/docs", "/docs/a/b", "/docs/new", "/files/1", "/files/1/2", "/files/1/meta", "/files", "/"].map(lookup)).toEqual([
      route("GET"),
      route("GET"),
      page,
      route("DELETE"),
      route("GET"),
      route("PUT"),
      null,
      page,
    ]);
  });
});
