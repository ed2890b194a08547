import { DynamicServerError } from "next/dist/client/components/hooks-server-context";
import { describe, expect, it, vi } from "vitest";
import { request } from "./support/requests";

// What next build sees when it tries to prerender a route: connection() throws Next.js's signal.
const prerendering = vi.hoisted(() => ({ on: false }));
vi.mock("next/server", async (real) => ({
  ...(await real<typeof import("next/server")>()),
  connection: async () => {
    if (prerendering.on) throw new DynamicServerError("prerendering");
  },
}));

const { GET } = await import("@/app/.well-known/jwks.json/route");

describe("GET /.well-known/jwks.json", () => {
  it("serves the public keys when asked", async () => {
    const response = await GET(request("/.well-known/jwks.json"), {});
    expect(response.status).toBe(200);
    expect(((await response.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
  });

  it("asks for a request before it reads a key, and route() hands Next.js's signal back, so no build can prerender the set", async () => {
    prerendering.on = true;
    try {
      await expect(GET(request("/.well-known/jwks.json"), {})).rejects.toBeInstanceOf(DynamicServerError);
    } finally {
      prerendering.on = false;
    }
  });
});
