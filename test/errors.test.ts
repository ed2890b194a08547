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

  it("adds the error's code when it is Node's, the system's or SQLite's, and no other", () => {
    const withCode = (code: string) => Object.assign(new Error("Cannot find module '/home/app/secret'"), { code });
    for (const code of ["MODULE_NOT_FOUND", "ERR_WORKER_INIT_FAILED", "ECONNREFUSED", "SQLITE_BUSY"]) {
      expect(logged(withCode(code))).toBe(`[session-lab] unexpected Error (${code}) while testing`);
    }
    for (const code of ["password=hunter2", "JBSWY3DPEHPK3PXP", "ERR_JWT_eyJhbGciOi"]) {
      expect(logged(withCode(code))).toBe("[session-lab] unexpected Error while testing");
    }
  });
});
