import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { summarizeBench } from "@/scripts/generate/bench";

// The e2e suite sees /compare with whatever bench-results/latest.json the checkout has (none,
// in a fresh clone): what a result turns into is checked here, on files of known content.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "session-lab-bench-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const at = path.join(dir, name);
  fs.writeFileSync(at, typeof content === "string" ? content : JSON.stringify(content));
  return at;
}

const LATEST = {
  date: "2026-11-26T10:00:00.000Z",
  machine: { cpu: "  Example CPU  ", cores: 2, node: "v20.20.2" },
  micro: [
    { name: "jwt verify, token seen first (EdDSA, app options)", micros: 156.3 },
    { name: "jwt verify, token seen again (cache hit)", micros: 0.4 },
    { name: "server session lookup (sqlite)", micros: 6.5 },
  ],
  http: [
    { target: "/api/health", check: "on", requestsPerSecond: 870 },
    { target: "/api/jwt/me", check: "off", requestsPerSecond: 850, ratio: 0.98, addedMicros: 20 },
    { target: "/api/jwt/me", check: "on", requestsPerSecond: 797, ratio: 0.92, addedMicros: 138 },
  ],
  extra: "fields a later bench adds are ignored",
};

describe("summarizeBench", () => {
  it("keeps, per approach, /me with the revocation check on and its in-process checks", () => {
    const summary = summarizeBench(file("latest.json", LATEST));
    expect(summary).toMatchObject({ date: LATEST.date, machine: "2 cores (Example CPU), Node v20.20.2", healthRequestsPerSecond: 870 });
    expect(summary?.approaches.jwt).toEqual({ requestsPerSecond: 797, ratio: 0.92, addedMicros: 138, firstCheckMicros: 156.3, repeatCheckMicros: 0.4 });
    // Not measured: null, never a number made up.
    expect(summary?.approaches.cookie).toEqual({ requestsPerSecond: null, ratio: null, addedMicros: null, firstCheckMicros: null, repeatCheckMicros: null });
    expect(summary?.approaches["server-session"]).toMatchObject({ firstCheckMicros: 6.5, repeatCheckMicros: 6.5 });
  });

  it("answers null for no file, and for one of another shape with a warning instead of a broken build", () => {
    expect(summarizeBench(path.join(dir, "missing.json"))).toBeNull();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect(summarizeBench(file("old.json", { http: [] }))).toBeNull();
      expect(summarizeBench(file("broken.json", "{ not json"))).toBeNull();
      expect(warn).toHaveBeenCalledTimes(2);
    } finally {
      warn.mockRestore();
    }
  });
});
