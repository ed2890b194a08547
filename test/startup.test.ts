import { afterEach, describe, expect, it, vi } from "vitest";

// instrumentation.ts runs checkConfiguration once, when the server starts.
describe("checkConfiguration", () => {
  afterEach(() => vi.restoreAllMocks());

  it("stops the start on a missing secret, naming it, before any request can meet it", async () => {
    const secret = process.env.NEXTAUTH_SECRET;
    delete process.env.NEXTAUTH_SECRET;
    vi.resetModules(); // a fresh lib/env.ts reads the settings again
    // As in a copy without the JWT, whose README drops the key check: the settings are still read.
    vi.doMock("@/lib/auth/jwt/keys", () => ({ checkSigningKeys: async () => {} }));
    const exit = vi.spyOn(process, "exit").mockImplementation((() => {
      throw new Error("exited");
    }) as () => never);
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { checkConfiguration } = await import("@/lib/startup");
      await expect(checkConfiguration()).rejects.toThrow("exited");
      expect(exit).toHaveBeenCalledWith(1);
      expect(String(printed.mock.calls[0]?.[0])).toMatch(/NEXTAUTH_SECRET is missing/);
    } finally {
      process.env.NEXTAUTH_SECRET = secret;
      vi.doUnmock("@/lib/auth/jwt/keys");
      vi.resetModules();
    }
  });
});
