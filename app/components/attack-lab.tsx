"use client";

import { useState } from "react";
import type { UntestedReason } from "@/lib/lab/attacks";
import { isRecord, oneOf } from "./api/guards";
import { Button } from "./button";
import { buttonPrimary, surface } from "./ui";

interface Attack {
  id: string;
  title: string;
  expected: string;
  note: string;
}

interface Result {
  attack: string;
  approach: string;
  status: number;
  verdict: string;
  expected: string;
  sent: { method: string; path: string; headers: Record<string, string> };
}

/** A cell that ran but reached no verdict, and why (lib/lab/attacks.ts). */
interface Untested {
  attack: string;
  approach: string;
  reason: UntestedReason;
  statuses: number[];
}

/** Each reason: its words in a cell, and in the summary after "N not tested:". */
const UNTESTED: Record<UntestedReason, { label: string; summary: string }> = {
  "locked-out": {
    label: "bob locked out",
    summary: "a sign-in they need as bob was refused by the throttle: failed sign-ins have locked him out. Run again once the lockout ends (15 minutes).",
  },
  "limit-out-of-reach": {
    label: "limit out of reach",
    summary: "the sign-in limit is as high as the guesses the lab sends (25 at most) or higher, so none of them could be refused for it.",
  },
  "not-reached": {
    label: "check not reached",
    summary: "another answer came before the check they show (each cell shows the statuses), which needs a look.",
  },
  "server-error": {
    label: "server error",
    summary: "the app answered with a server error (5xx), which is a defect; the server's log says where.",
  },
};
const UNTESTED_REASONS = Object.keys(UNTESTED) as UntestedReason[];

/** Statuses in order, a run of the same one counted: "401 ×25, 429". */
function statusRuns(statuses: readonly number[]): string {
  const runs: { status: number; count: number }[] = [];
  for (const status of statuses) {
    const last = runs.at(-1);
    if (last?.status === status) last.count++;
    else runs.push({ status, count: 1 });
  }
  return runs.map(({ status, count }) => (count > 1 ? `${status} ×${count}` : String(status))).join(", ");
}

interface Report {
  attacks: Attack[];
  results: Result[];
  untested: Untested[];
  /** When the run started, whether it was started for someone else, and for how long a run is shared (lib/lab/attacks.ts). */
  ranAt: Date;
  shared: boolean;
  sharedForSeconds: number;
}

const isString = (value: unknown): value is string => typeof value === "string";

function parseReport(body: unknown): Report | null {
  if (!isRecord(body) || !Array.isArray(body.attacks) || !Array.isArray(body.results) || !Array.isArray(body.untested)) return null;
  const ranAt = isString(body.ranAt) ? new Date(body.ranAt) : null;
  if (!ranAt || Number.isNaN(ranAt.getTime()) || typeof body.shared !== "boolean" || typeof body.sharedForSeconds !== "number") return null;
  const attacks: Attack[] = [];
  for (const a of body.attacks) {
    if (!isRecord(a) || !isString(a.id) || !isString(a.title) || !isString(a.expected) || !isString(a.note)) return null;
    attacks.push({ id: a.id, title: a.title, expected: a.expected, note: a.note });
  }
  const results: Result[] = [];
  for (const r of body.results) {
    if (!isRecord(r) || !isString(r.attack) || !isString(r.approach) || typeof r.status !== "number" || !isString(r.verdict) || !isString(r.expected)) return null;
    const sent = r.sent;
    if (!isRecord(sent) || !isString(sent.method) || !isString(sent.path) || !isRecord(sent.headers)) return null;
    const headers = Object.fromEntries(Object.entries(sent.headers).filter((entry): entry is [string, string] => isString(entry[1])));
    results.push({ attack: r.attack, approach: r.approach, status: r.status, verdict: r.verdict, expected: r.expected, sent: { method: sent.method, path: sent.path, headers } });
  }
  const untested: Untested[] = [];
  for (const u of body.untested) {
    if (!isRecord(u) || !isString(u.attack) || !isString(u.approach) || !oneOf(UNTESTED_REASONS, u.reason) || !Array.isArray(u.statuses)) return null;
    untested.push({ attack: u.attack, approach: u.approach, reason: u.reason, statuses: u.statuses.filter((status) => typeof status === "number") });
  }
  return { attacks, results, untested, ranAt, shared: body.shared, sharedForSeconds: body.sharedForSeconds };
}

// Stacked, a cell names its approach itself, there being no header row above it: from its
// data-label, so that its text stays the verdict alone.
const stackedCell =
  "max-sm:p-0 max-sm:before:mb-1 max-sm:before:block max-sm:before:text-xs max-sm:before:font-medium max-sm:before:text-slate-700 max-sm:before:content-[attr(data-label)] max-sm:dark:before:text-slate-300";

interface AttackLabProps {
  columns: readonly { id: string; title: string }[];
  /** The catalog, listed before anything runs; each row is linkable as `#attack-<id>`. */
  attacks: readonly (Attack & { approaches: readonly string[] })[];
}

/** Runs the whole catalog on the server and shows each cell's request, answer and verdict, one column per approach. */
export function AttackLab({ columns, attacks }: AttackLabProps) {
  const [report, setReport] = useState<Report | null>(null);
  const [state, setState] = useState<"idle" | "running" | "error">("idle");

  async function run() {
    setState("running");
    const parsed = await fetch("/api/lab/attacks", { method: "POST", credentials: "same-origin", cache: "no-store" })
      .then(async (response) => (response.ok ? parseReport(await response.json()) : null))
      .catch(() => null); // the network failed: said as for any answer that is not a report
    // A run that failed leaves no verdicts on screen, so that none from an earlier run passes for its own.
    setReport(parsed);
    setState(parsed ? "idle" : "error");
  }

  const cell = (attack: string, approach: string) => report?.results.find((r) => r.attack === attack && r.approach === approach);
  const untestedCell = (attack: string, approach: string) => report?.untested.find((u) => u.attack === attack && u.approach === approach);
  const asExpected = report?.results.filter((r) => r.verdict === r.expected).length ?? 0;
  const everyCellAsExpected = report !== null && asExpected === report.results.length && report.untested.length === 0;
  const untested = report?.untested ?? [];
  const untestedFor = UNTESTED_REASONS.map((reason) => ({ reason, count: untested.filter((u) => u.reason === reason).length })).filter(({ count }) => count > 0);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-4">
        <Button className={buttonPrimary} onClick={run} unavailable={state === "running"}>
          {state === "running" ? "Running every attack…" : report ? "Run every attack again" : "Run every attack"}
        </Button>
        {/* Always there, so that a screen reader hears each run's summary as it arrives. */}
        <div aria-live="polite">
          {report && (
            <p data-testid="lab-summary" className="text-sm text-slate-700 dark:text-slate-300">
              {asExpected} of {report.results.length} cells as expected
              {everyCellAsExpected ? " — every attack refused, every trade-off shown." : "."}
              {untestedFor.map(({ reason, count }) => ` ${count} not tested: ${UNTESTED[reason].summary}`).join("")}
              {report.shared &&
                ` These verdicts are from the run started at ${report.ranAt.toLocaleTimeString()}: anyone may run the lab, so one run answers everyone for ${report.sharedForSeconds} seconds after it ends.`}
            </p>
          )}
        </div>
        {state === "error" && <p role="alert" className="text-sm text-amber-800 dark:text-amber-300">The lab could not run. Try again in a moment.</p>}
      </div>

      {/*
        Column widths are set, not left to the content: "not run yet", the verdicts and an opened
        request would each size them differently. From 640 px up it is a table at least 53rem wide
        (15rem for the attacks, 9.5rem a verdict), scrolling sideways below 56rem with the page's
        padding; under 640 px each attack stacks its verdicts under it.
      */}
      <p className="hidden text-xs text-slate-500 sm:block min-[56rem]:hidden dark:text-slate-400">
        Scroll the table sideways for every approach <span aria-hidden="true">→</span>
      </p>
      <div tabIndex={0} role="region" aria-label="Attacks and verdicts" className={`overflow-x-auto rounded-2xl ${surface}`}>
        <table data-testid="attack-matrix" className="w-full text-left text-sm max-sm:block sm:min-w-[53rem] sm:table-fixed">
          <colgroup className="max-sm:hidden">
            <col />
            {columns.map((a) => (
              <col key={a.id} className="w-38" />
            ))}
          </colgroup>
          <thead className="bg-slate-50 text-xs tracking-wide text-slate-500 uppercase max-sm:hidden dark:bg-slate-800 dark:text-slate-400">
            <tr>
              <th scope="col" className="sticky left-0 z-10 bg-slate-50 px-4 py-3 font-medium dark:bg-slate-800">Attack</th>
              {columns.map((a) => (
                <th key={a.id} scope="col" className="px-3 py-3 font-medium">{a.title}</th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 max-sm:block dark:divide-white/10">
            {attacks.map((attack) => (
              <tr
                key={attack.id}
                id={`attack-${attack.id}`}
                className="scroll-mt-4 align-top target:bg-amber-50 max-sm:grid max-sm:grid-cols-2 max-sm:gap-x-3 max-sm:gap-y-2 max-sm:px-4 max-sm:py-3 dark:target:bg-amber-950"
              >
                {/* Sticky, so that a verdict scrolled into view still has its attack beside it. */}
                <th scope="row" className="sticky left-0 z-10 bg-white px-4 py-3 font-normal in-target:bg-amber-50 max-sm:static max-sm:col-span-2 max-sm:bg-transparent max-sm:p-0 dark:bg-slate-900 dark:in-target:bg-amber-950 max-sm:dark:bg-transparent">
                  <span className="font-medium text-slate-900 dark:text-slate-100">{attack.title}</span>
                  <span className="mt-1 block text-xs leading-5 text-slate-500 dark:text-slate-400">{attack.note}</span>
                </th>
                {columns.map((a) => {
                  if (!attack.approaches.includes(a.id)) return <td key={a.id} className="px-3 py-3 text-xs text-slate-500 max-sm:hidden dark:text-slate-400">does not apply</td>;
                  const r = cell(attack.id, a.id);
                  const untested = untestedCell(attack.id, a.id);
                  if (untested) {
                    return (
                      <td key={a.id} data-label={a.title} className={`px-3 py-3 text-xs text-amber-800 dark:text-amber-300 ${stackedCell}`} data-testid={`cell-${attack.id}-${a.id}`} data-untested="">
                        Not tested ({UNTESTED[untested.reason].label}) · {statusRuns(untested.statuses)}
                      </td>
                    );
                  }
                  if (!r) {
                    return (
                      <td key={a.id} data-label={a.title} className={`px-3 py-3 text-xs text-slate-500 dark:text-slate-400 ${stackedCell}`}>
                        {state === "running" ? "running…" : "not run yet"}
                      </td>
                    );
                  }
                  const good = r.verdict === r.expected;
                  return (
                    <td key={a.id} data-label={a.title} className={`px-3 py-3 ${stackedCell}`} data-testid={`cell-${attack.id}-${a.id}`} data-verdict={r.verdict} data-expected={r.expected}>
                      <details>
                        <summary className={`cursor-pointer rounded-md px-2 py-1 text-xs font-semibold whitespace-nowrap ring-1 ring-inset ${good ? (r.verdict === "refused" ? "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/25" : "bg-sky-50 text-sky-800 ring-sky-600/20 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-400/25") : "bg-red-50 text-red-800 ring-red-600/30 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30"}`}>
                          {r.verdict === "refused" ? "Refused" : "Allowed"} · {r.status}
                          {/* On a line of its own: on one line with the verdict it would not fit the column. */}
                          {!good && <span className="block">(unexpected!)</span>}
                          {good && r.verdict === "allowed" && <span className="block font-medium">(by design)</span>}
                        </summary>
                        <pre className="mt-2 rounded-md bg-slate-950 p-2 font-mono text-[11px] leading-4 wrap-anywhere whitespace-pre-wrap text-slate-200 dark:ring-1 dark:ring-white/10">
                          {`${r.sent.method} ${r.sent.path}\n${Object.entries(r.sent.headers).map(([k, v]) => `${k}: ${v}`).join("\n")}\n→ ${r.status}`}
                        </pre>
                      </details>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
