import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CostSection } from "@/app/components/cost-section";
import type { ApproachCost, BenchSummary } from "@/lib/bench";

// The e2e suite sees /compare with whatever bench-results/ the checkout has (none in CI): how
// a run's numbers read on the page is checked here, on a summary of known content.
const NOT_MEASURED: ApproachCost = { requestsPerSecond: null, ratio: null, addedMicros: null, firstCheckMicros: null, repeatCheckMicros: null };

const BENCH: BenchSummary = {
  date: "2026-11-26T10:00:00.000Z",
  machine: "2 cores (Example CPU), Node v20.20.2",
  healthRequestsPerSecond: 870,
  approaches: {
    jwt: { requestsPerSecond: 797, ratio: 0.9, addedMicros: 138, firstCheckMicros: 156.3, repeatCheckMicros: 0.18 },
    cookie: NOT_MEASURED,
    nextauth: { requestsPerSecond: 700, ratio: 0.84, addedMicros: 81, firstCheckMicros: 69.47, repeatCheckMicros: 9.96 },
    "server-session": NOT_MEASURED,
  },
};

const render = (bench: BenchSummary | null) => renderToStaticMarkup(createElement(CostSection, { bench }));

/** Each approach's row as its cells' text, by the row's test id. */
function rows(html: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [, id = "", cells = ""] of html.matchAll(/<tr data-testid="bench-([a-z-]+)">(.*?)<\/tr>/g)) {
    found.set(id, [...cells.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map(([, text = ""]) => text.replaceAll("<!-- -->", "")));
  }
  return found;
}

describe("CostSection", () => {
  it("shows each approach's figures in the units and precision the page promises", () => {
    const html = render(BENCH);
    const table = rows(html);
    // Ratios with two decimals (0.90× beside 0.84×), one decimal below 10 µs, none above.
    expect(table.get("jwt")).toEqual(["JWT bearer", "797", "+138 µs", "0.90×", "156 µs", "0.2 µs"]);
    expect(table.get("nextauth")).toEqual(["next-auth", "700", "+81 µs", "0.84×", "69 µs", "10 µs"]);
    expect(html).toContain("2026-11-26, 2 cores (Example CPU), Node v20.20.2");
    expect(html).toContain("(870 req/s)");
    expect(html).not.toContain('data-testid="bench-missing"');
  });

  it("writes a check that came out cheaper than no check at all (noise) with a minus sign", () => {
    const noisy = { ...BENCH, approaches: { ...BENCH.approaches, cookie: { ...NOT_MEASURED, addedMicros: -3, ratio: 1.01 } } };
    expect(rows(render(noisy)).get("cookie")?.slice(2, 4)).toEqual(["−3 µs", "1.01×"]);
  });

  it("shows a dash for what the run did not measure, never a number", () => {
    const table = rows(render(BENCH));
    expect(table.get("cookie")?.slice(1)).toEqual(["—", "—", "—", "—", "—"]);
    expect(table.get("server-session")?.slice(1)).toEqual(["—", "—", "—", "—", "—"]);
  });

  it("says how to produce the numbers when no run exists", () => {
    const html = render(null);
    expect(html).toContain('data-testid="bench-missing"');
    expect(html).toContain("npm run bench");
    expect(html).not.toContain('data-testid="bench-table"');
  });
});
