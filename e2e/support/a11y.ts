import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { APPROACHES, panel } from "./approaches";

export const SCHEMES = ["light", "dark"] as const;
export type Scheme = (typeof SCHEMES)[number];

/** Every WCAG 2.0, 2.1 and 2.2 rule at levels A and AA that axe knows. */
const WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/** Enough failing elements per rule to find the pattern, not a wall of them. */
const MAX_NODES = 8;

/**
 * Runs axe on the page as it is now and fails on any serious or critical violation, listing
 * each rule, the elements it failed on, and axe's summary of how to fix it.
 */
export async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_A_AA).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious
    .map((v) => {
      const nodes = v.nodes
        .slice(0, MAX_NODES)
        .map((node) => `  - ${node.target.join(" ")}\n    ${(node.failureSummary ?? "").replaceAll("\n", "\n    ")}`);
      const more = v.nodes.length > MAX_NODES ? `\n  … and ${v.nodes.length - MAX_NODES} more` : "";
      return `${v.id} (${v.impact}): ${v.help} (${v.helpUrl})\n${nodes.join("\n")}${more}`;
    })
    .join("\n");
  expect(serious.map((v) => v.id), `${label}: axe found serious or critical violations\n${report}`).toEqual([]);
}

/** Waits until every column on the page has finished looking for an existing session. */
export async function settle(page: Page): Promise<void> {
  // Server-rendered as "Checking…", so they are all there from the first byte.
  for (const status of await page.getByTestId("status").all()) await expect(status).not.toContainText("Checking");
}

/**
 * Signs alice in to every column of the home page, asks each who she is, and opens each
 * column's revocation drawer, so the signed-in parts of the page are all on screen.
 */
export async function signInEverywhere(page: Page): Promise<void> {
  for (const approach of APPROACHES) {
    const column = panel(page, approach);
    await column.signIn("alice");
    await expect(column.status).toContainText("Signed in as alice");
    await column.root.getByRole("button", { name: "Who am I?" }).click();
    await expect(column.result).toContainText("200");
    await column.root.getByText("Does signing out stop a copy?").click();
  }
}
