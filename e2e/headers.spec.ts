import { expect, test } from "@playwright/test";
import { api } from "./support/http";

// The headers every response carries, whichever part of the app produced it.

const EVERYWHERE = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "x-frame-options": "DENY",
};

for (const [what, path, init] of [
  ["a page", "/", {}],
  ["an API answer", "/api/health", {}],
  ["the proxy's early 401", "/api/jwt/me", {}],
  ["a route handler's 401", "/api/jwt/me", { headers: { authorization: "Bearer x.y.z" } }],
  ["the JWKS", "/.well-known/jwks.json", {}],
] as const) {
  test(`${what} carries the security headers`, async () => {
    const response = await api(path, init);
    for (const [name, value] of Object.entries(EVERYWHERE)) expect(response.headers.get(name), name).toBe(value);
    expect(response.headers.get("x-powered-by")).toBeNull();
    expect(response.headers.get("strict-transport-security")).toBeNull(); // plain http here
  });
}

test("API answers may load and run nothing", async () => {
  const response = await api("/api/health");
  expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
});

test("HSTS only when the browser came over https", async () => {
  const response = await api("/api/health", { headers: { "x-forwarded-proto": "https" } });
  expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
});
