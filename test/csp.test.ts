import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** A page's policy, from a fresh lib/csp.ts (lib/env.ts caches what it read) under `variables` only, as a map of its directives. */
async function policyFor(url: string, { headers = {}, variables = {} }: { headers?: Record<string, string>; variables?: Record<string, string> } = {}) {
  vi.unstubAllEnvs();
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  vi.resetModules();
  const { pagePolicy } = await import("@/lib/csp");
  const { nonce, policy } = pagePolicy({ url, headers: new Headers(headers) });
  const directives = new Map(policy.split("; ").map((directive): [string, string] => {
    const [name = "", ...values] = directive.split(" ");
    return [name, values.join(" ")];
  }));
  return { nonce, directives };
}

describe("pagePolicy", () => {
  it("runs only scripts with this response's nonce, 128 random bits fresh each time, and what they load", async () => {
    const [first, second] = [await policyFor("http://localhost:3000/"), await policyFor("http://localhost:3000/")];
    expect(Buffer.from(first.nonce, "base64")).toHaveLength(16);
    expect(first.nonce).not.toBe(second.nonce);
    expect(first.directives.get("script-src")).toBe(`'self' 'nonce-${first.nonce}' 'strict-dynamic'`);
  });

  it("loads no plugin, sets no base, posts forms only here and is framed nowhere", async () => {
    const { directives } = await policyFor("http://localhost:3000/");
    expect(Object.fromEntries(["default-src", "object-src", "base-uri", "form-action", "frame-ancestors"].map((name) => [name, directives.get(name)]))).toEqual({
      "default-src": "'self'",
      "object-src": "'none'",
      "base-uri": "'none'",
      "form-action": "'self'",
      "frame-ancestors": "'none'",
    });
  });

  it("connects to this site and the second service only; to the dev server's hot reload, and evals, in development only", async () => {
    expect((await policyFor("http://localhost:3000/")).directives.get("connect-src")).toBe("'self'");
    const withService = await policyFor("http://localhost:3000/", { variables: { RESOURCE_SERVER_URL: "http://localhost:4000/api" } });
    expect(withService.directives.get("connect-src")).toBe("'self' http://localhost:4000");
    const development = await policyFor("http://localhost:3000/", { variables: { NODE_ENV: "development" } });
    expect(development.directives.get("connect-src")).toBe("'self' ws:");
    expect(development.directives.get("script-src")).toBe(`'self' 'nonce-${development.nonce}' 'strict-dynamic' 'unsafe-eval'`);
  });

  it("upgrades insecure requests only where the browser came over https: over plain http it would break every page", async () => {
    const upgrades = async (url: string, headers?: Record<string, string>) => (await policyFor(url, { headers })).directives.has("upgrade-insecure-requests");
    expect(await upgrades("http://localhost:3000/")).toBe(false);
    expect(await upgrades("http://localhost:3000/", { "x-forwarded-proto": "https" })).toBe(true);
    expect(await upgrades("https://lab.example/")).toBe(true);
  });
});
