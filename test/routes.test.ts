import { describe, expect, it } from "vitest";
import { allowedMethods } from "@/lib/routes";

describe("allowedMethods", () => {
  it("finds the route Next.js would: a fixed name over [id] over the catch-all", () => {
    expect(allowedMethods("/api/jwt/me")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/jwt/notes")).toEqual(["GET", "HEAD", "POST", "OPTIONS"]);
    expect(allowedMethods("/api/jwt/notes/42")).toEqual(["DELETE", "OPTIONS"]);
    expect(allowedMethods("/api/jwt/nothing-here")).toEqual(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]); // app/api/[...unknown]
    expect(allowedMethods("/.well-known/jwks.json")).toEqual(["GET", "HEAD", "OPTIONS"]);
  });

  it("says nothing for pages, nor for paths Next.js normalises before it routes them", () => {
    for (const path of ["/", "/jwt", "/cookie/account", "/api/jwt/me/", "/api//jwt/me", "/api/%6Awt/me", "/api/jwt/notes/..", "/api/jwt/./me"]) {
      expect(allowedMethods(path), path).toBeNull();
    }
  });
});
