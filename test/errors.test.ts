import { describe, expect, it, vi } from "vitest";
import { logUnexpected } from "@/lib/errors";

function logged(error: unknown): string {
  const log = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    logUnexpected(error, "while testing");
    return log.mock.calls.flat().join(" ");
  } finally {
    log.mockRestore();
  }
}

describe("logUnexpected", () => {
  it("logs the error's kind and what was going on, never its message", () => {
    expect(logged(new TypeError("eyJhbGciOi.secret"))).toBe("[session-lab] unexpected TypeError while testing");
    expect(logged("a thrown string")).toBe("[session-lab] unexpected string while testing");
  });

  it("adds an error code of the usual shape, and only that", () => {
    const missing = Object.assign(new Error("Cannot find module '/home/app/secret'"), { code: "MODULE_NOT_FOUND" });
    expect(logged(missing)).toBe("[session-lab] unexpected Error (MODULE_NOT_FOUND) while testing");
    const odd = Object.assign(new Error("x"), { code: "password=hunter2" });
    expect(logged(odd)).toBe("[session-lab] unexpected Error while testing");
  });
});
