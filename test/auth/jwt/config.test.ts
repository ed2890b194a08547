import { describe, expect, it } from "vitest";
import { refreshCookie } from "@/lib/auth/jwt/config";
import { request } from "../../support/requests";

describe("refreshCookie", () => {
  it("is HttpOnly, SameSite=Strict, sent to /api/jwt only, and Secure on localhost", () => {
    expect(refreshCookie(request("/api/jwt/login"))).toEqual({
      name: "jwt-refresh",
      options: { httpOnly: true, sameSite: "strict", path: "/api/jwt", secure: true },
    });
  });

  it("takes the __Secure- prefix behind a TLS proxy, and stays Secure", () => {
    const behindTls = request("/api/jwt/login", { headers: { "x-forwarded-proto": "https" } });
    expect(refreshCookie(behindTls)).toMatchObject({ name: "__Secure-jwt-refresh", options: { secure: true } });
  });
});
