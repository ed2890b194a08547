import { describe, expect, it } from "vitest";
import { allowedMethods, methodsLookup } from "@/lib/routes";

describe("allowedMethods", () => {
  it("finds the route Next.js would in this app: a fixed name over [id] over the catch-all", () => {
    expect(allowedMethods("/api/jwt/me")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/jwt/notes")).toEqual(["GET", "HEAD", "OPTIONS", "POST"]);
    expect(allowedMethods("/api/jwt/notes/42")).toEqual(["DELETE", "OPTIONS"]);
    expect(allowedMethods("/api")).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
    expect(allowedMethods("/api/jwt/nothing-here")).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]); // app/api/[[...unknown]]
    expect(allowedMethods("/.well-known/jwks.json")).toEqual(["GET", "HEAD", "OPTIONS"]);
  });

  it("says nothing for pages, nor for paths Next.js changes before it routes them", () => {
    const paths = ["/", "/jwt", "/cookie/account", "/api/jwt/me/", "/api//jwt/me", "/api/%6Awt/me", "/api/jwt/notes/..", "/api/jwt/./me"];
    for (const path of [...paths, "/api/jwt/notes/#x", "/api/jwt/notes/\\", "/api/jwt/notes/a\\b"]) expect(allowedMethods(path), path).toBeNull();
  });
});

describe("methodsLookup", () => {
  const lookup = methodsLookup([
    { pattern: "/", methods: null },
    { pattern: "/docs/[[...slug]]", methods: ["GET"] },
    { pattern: "/docs/new", methods: null }, // a page beside the catch-all: Next.js's to answer
    { pattern: "/files/[...path]", methods: ["GET"] },
    { pattern: "/files/[id]", methods: ["DELETE"] },
    { pattern: "/files/[id]/meta", methods: ["PUT"] },
  ]);

  it("ranks as Next.js does: a name, then [id], then [...rest], then [[...rest]]", () => {
    expect(["/docs", "/docs/a/b", "/docs/new", "/files/1", "/files/1/2", "/files/1/meta", "/files", "/"].map(lookup)).toEqual([
      ["GET"],
      ["GET"],
      null,
      ["DELETE"],
      ["GET"],
      ["PUT"],
      null,
      null,
    ]);
  });
});
