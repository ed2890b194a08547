"use client";

import { useId, useState } from "react";
import { APPROACH_IDS } from "@/lib/approach-ids";
import type { SizeOutcome, SizeReport, SizeRow } from "@/lib/lab/size";
import { isCount, isProblem, isRecord, oneOf } from "./api/guards";
import { Button } from "./button";
import { ACCENTS, buttonPrimary, focusRing, reasonPhrase } from "./ui";

const PRESETS = [
  { bytes: 0, label: "0" },
  { bytes: 256, label: "256 B" },
  { bytes: 1024, label: "1 KB" },
  { bytes: 2048, label: "2 KB" },
  { bytes: 3072, label: "3 KB" },
  { bytes: 4096, label: "4 KB" },
  { bytes: 8192, label: "8 KB" },
  { bytes: 12288, label: "12 KB" },
  { bytes: 16384, label: "16 KB" },
  { bytes: 24576, label: "24 KB" },
] as const;

const MAX_BYTES = 32768;

const OUTCOMES: readonly SizeOutcome[] = ["accepted", "refused-by-app", "refused-by-library", "refused-by-node", "unreachable"];

const isString = (value: unknown): value is string => typeof value === "string";

/** The server's report, rebuilt field by field so nothing unchecked rides along. */
function parseSizeRow(value: unknown): SizeRow | null {
  if (!isRecord(value) || !Array.isArray(value.cookies)) return null;
  const { approach, credentialBytes, preview, library, chunkedBy, headerBytes, status, overHeaderLimit, outcome, sentence } = value;
  const cookies: SizeRow["cookies"] = [];
  for (const cookie of value.cookies) {
    if (!isRecord(cookie) || !isString(cookie.name) || !isCount(cookie.bytes)) return null;
    cookies.push({ name: cookie.name, bytes: cookie.bytes });
  }
  if (
    !oneOf(APPROACH_IDS, approach) ||
    !isCount(credentialBytes) ||
    !isString(preview) ||
    !oneOf(["whole", "chunked", "refused"], library) ||
    !(chunkedBy === null || oneOf(["next-auth", "derived"], chunkedBy)) ||
    !(headerBytes === null || isCount(headerBytes)) ||
    !(status === null || isCount(status)) ||
    typeof overHeaderLimit !== "boolean" ||
    !oneOf(OUTCOMES, outcome) ||
    !isString(sentence)
  ) {
    return null;
  }
  return { approach, credentialBytes, preview, cookies, library, chunkedBy, headerBytes, status, overHeaderLimit, outcome, sentence };
}

function parseSizeReport(value: unknown): SizeReport | null {
  if (!isRecord(value) || !isCount(value.bytes) || !isRecord(value.limits) || !Array.isArray(value.rows)) return null;
  const { cookieBytes, headerBytes } = value.limits;
  if (!isCount(cookieBytes) || !isCount(headerBytes)) return null;
  const rows = value.rows.map(parseSizeRow);
  if (rows.some((row) => row === null)) return null;
  return { bytes: value.bytes, limits: { cookieBytes, headerBytes }, rows: rows.filter((row) => row !== null) };
}

const count = (n: number) => n.toLocaleString("en-US");
const sizeLabel = (bytes: number) => (bytes >= 1024 && bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${count(bytes)} B`);


const OUTCOME_LABEL: Record<SizeOutcome, string> = {
  accepted: "Accepted",
  "refused-by-app": "Refused by the API",
  "refused-by-library": "Refused by iron-session",
  "refused-by-node": "Refused by Node",
  unreachable: "No answer",
};

/** Green when the session worked, amber for every refusal (each is a clean 4xx or no request at all), red for no answer. */
function outcomeTone(outcome: SizeOutcome): string {
  if (outcome === "accepted") return "bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-950/60 dark:text-emerald-300 dark:ring-emerald-400/30";
  if (outcome === "unreachable") return "bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-950/60 dark:text-red-300 dark:ring-red-400/30";
  return "bg-amber-50 text-amber-900 ring-amber-600/30 dark:bg-amber-950/60 dark:text-amber-200 dark:ring-amber-400/30";
}

type Column = { id: string; title: string; accent: keyof typeof ACCENTS };

/** What the bar shows: the bytes of the header that carries the credential, one segment per cookie. */
function segmentsOf(row: SizeRow): number[] {
  if (row.cookies.length === 0) return [row.headerBytes ?? row.credentialBytes];
  return row.cookies.map((cookie) => cookie.bytes);
}

const percent = (bytes: number, scale: number) => `${Math.min(100, (bytes / scale) * 100)}%`;

function SizeBar({ row, scale, limits, accent }: { row: SizeRow; scale: number; limits: SizeReport["limits"]; accent: Column["accent"] }) {
  const segments = segmentsOf(row);
  const total = segments.reduce((sum, bytes) => sum + bytes, 0);
  const ghost = row.library === "refused";
  const label = ghost
    ? `Would have been a ${count(total)}-byte cookie; not set.`
    : `${count(row.headerBytes ?? total)} bytes of header${row.cookies.length > 1 ? ` in ${row.cookies.length} cookies` : ""}; the cookie limit is ${count(limits.cookieBytes)} bytes per cookie, the header limit ${count(limits.headerBytes)} bytes.`;
  return (
    <div role="img" aria-label={label} className="relative h-7 rounded-md bg-slate-100 dark:bg-slate-800">
      <div className="absolute inset-y-0 left-0 flex gap-0.5" style={{ width: percent(total, scale) }}>
        {segments.map((bytes, i) => (
          <div
            key={i}
            className={
              ghost
                ? "h-full rounded-md border-2 border-dashed border-slate-400 dark:border-slate-500"
                : `h-full rounded-[5px] ${ACCENTS[accent].bar} ${row.outcome === "accepted" ? "" : "opacity-60"}`
            }
            style={{ flexGrow: bytes, flexBasis: 0 }}
          />
        ))}
      </div>
      <LimitLine bytes={limits.cookieBytes} scale={scale} className="border-amber-500 dark:border-amber-400" />
      <LimitLine bytes={limits.headerBytes} scale={scale} className="border-red-500 dark:border-red-400" />
    </div>
  );
}

function LimitLine({ bytes, scale, className }: { bytes: number; scale: number; className: string }) {
  return <div aria-hidden="true" className={`absolute -inset-y-1 border-l-2 border-dashed ${className}`} style={{ left: percent(bytes, scale) }} />;
}

function Axis({ scale, limits }: { scale: number; limits: SizeReport["limits"] }) {
  return (
    <div aria-hidden="true" className="relative h-5 text-[11px] font-medium">
      <span className="absolute -translate-x-1/2 whitespace-nowrap text-amber-700 dark:text-amber-300" style={{ left: percent(limits.cookieBytes, scale) }}>
        {sizeLabel(limits.cookieBytes)}
      </span>
      <span className="absolute -translate-x-1/2 whitespace-nowrap text-red-700 dark:text-red-300" style={{ left: percent(limits.headerBytes, scale) }}>
        {sizeLabel(limits.headerBytes)}
      </span>
    </div>
  );
}

function ResultRow({ row, column, scale, limits }: { row: SizeRow; column: Column; scale: number; limits: SizeReport["limits"] }) {
  const largest = Math.max(0, ...row.cookies.map((cookie) => cookie.bytes));
  return (
    <li
      data-testid={`size-row-${row.approach}`}
      data-status={row.status ?? "none"}
      data-outcome={row.outcome}
      data-library={row.library}
      data-cookies={row.cookies.length}
      className="space-y-3 px-4 py-4 sm:px-5"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="flex items-center gap-2 font-medium text-slate-900 dark:text-slate-100">
          <span aria-hidden="true" className={`size-2.5 rounded-full ${ACCENTS[column.accent].bar}`} />
          {column.title}
        </h3>
        <p className={`rounded-md px-2 py-1 text-xs font-semibold ring-1 ring-inset ${outcomeTone(row.outcome)}`}>
          {OUTCOME_LABEL[row.outcome]} · {row.status === null ? "not sent" : `${row.status} ${reasonPhrase(row.status)}`.trim()}
        </p>
      </div>
      <SizeBar row={row} scale={scale} limits={limits} accent={column.accent} />
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-xs sm:grid-cols-4">
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Credential</dt>
          <dd className="font-mono text-slate-900 tabular-nums dark:text-slate-100">{count(row.credentialBytes)} B</dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Cookies</dt>
          <dd className="font-mono text-slate-900 tabular-nums dark:text-slate-100">
            {row.cookies.length === 0
              ? "none (header)"
              : row.library === "refused"
                ? `none set (would be ${count(largest)} B)`
                : `${row.cookies.length}, largest ${count(largest)} B`}
            {row.chunkedBy === "derived" && row.cookies.length > 1 && (
              <span className="block font-sans text-slate-500 dark:text-slate-400">split as next-auth&apos;s code does it</span>
            )}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">{row.approach === "jwt" ? "Authorization header" : "Cookie header"}</dt>
          <dd className="font-mono text-slate-900 tabular-nums dark:text-slate-100">{row.headerBytes === null ? "not sent" : `${count(row.headerBytes)} B`}</dd>
        </div>
        <div className="min-w-0">
          <dt className="text-slate-500 dark:text-slate-400">Starts with</dt>
          <dd className="truncate font-mono text-slate-700 dark:text-slate-300">{row.preview}</dd>
        </div>
      </dl>
      <p className="text-sm leading-6 text-slate-700 dark:text-slate-300">{row.sentence}</p>
    </li>
  );
}

/** Adds session data of a chosen size to every approach's credential, on the server, and shows what each request met. */
export function SizeLab({ columns }: { columns: readonly Column[] }) {
  const [bytes, setBytes] = useState(2048);
  const [report, setReport] = useState<SizeReport | null>(null);
  const [state, setState] = useState<{ kind: "idle" | "running" } | { kind: "error"; message: string }>({ kind: "idle" });
  const rangeId = useId();
  const presetsId = useId();

  async function measure(size: number) {
    setBytes(size);
    setState({ kind: "running" });
    try {
      const response = await fetch("/api/lab/size", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ bytes: size }),
        credentials: "same-origin",
        cache: "no-store",
      });
      const body: unknown = await response.json().catch(() => undefined); // a proxy's HTML error page, say
      const parsed = response.ok ? parseSizeReport(body) : null;
      // A failed run leaves no results on screen, so that none for an earlier size passes for this one's.
      setReport(parsed);
      if (parsed) {
        setState({ kind: "idle" });
      } else {
        const message = isProblem(body)
          ? `${body.status} ${body.title}: ${body.detail}`
          : response.ok
            ? "The lab answered in a shape this page does not know."
            : `${response.status} ${reasonPhrase(response.status)}`.trim();
        setState({ kind: "error", message });
      }
    } catch {
      setReport(null);
      setState({ kind: "error", message: "The lab could not be reached. Try again in a moment." });
    }
  }

  const running = state.kind === "running";
  const largest = Math.max(0, ...(report?.rows ?? []).map((row) => segmentsOf(row).reduce((sum, n) => sum + n, 0)));
  const scale = report ? Math.max(report.limits.headerBytes * 1.25, largest * 1.05) : 1;

  return (
    <div className="space-y-6">
      <div className="space-y-4 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5 dark:bg-slate-900 dark:ring-slate-800">
        <div>
          <p id={presetsId} className="text-sm font-medium text-slate-900 dark:text-slate-100">
            Session data to add to every credential
          </p>
          <div role="group" aria-labelledby={presetsId} className="mt-2 flex flex-wrap gap-2">
            {PRESETS.map((preset) => {
              const selected = report?.bytes === preset.bytes;
              return (
                <Button
                  key={preset.bytes}
                  aria-pressed={selected}
                  aria-label={`${preset.label === "0" ? "No" : preset.label} extra data`}
                  unavailable={running}
                  onClick={() => measure(preset.bytes)}
                  className={`min-w-14 rounded-lg px-3 py-1.5 text-sm font-medium tabular-nums ring-1 transition ring-inset aria-disabled:cursor-not-allowed aria-disabled:opacity-60 ${focusRing} ${
                    selected
                      ? "bg-slate-900 text-white ring-slate-900 dark:bg-slate-100 dark:text-slate-900 dark:ring-slate-100"
                      : "bg-white text-slate-800 ring-slate-300 hover:bg-slate-50 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-700 dark:hover:bg-slate-700"
                  }`}
                >
                  {preset.label}
                </Button>
              );
            })}
          </div>
        </div>
        <form
          className="flex flex-wrap items-center gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (!running) void measure(bytes);
          }}
        >
          <label htmlFor={rangeId} className="text-sm text-slate-700 dark:text-slate-300">
            Or any size
          </label>
          <input
            id={rangeId}
            type="range"
            min={0}
            max={MAX_BYTES}
            step={256}
            value={bytes}
            onChange={(event) => setBytes(Number(event.target.value))}
            className="w-full max-w-xs accent-slate-900 sm:w-64 dark:accent-slate-200"
          />
          <output htmlFor={rangeId} className="w-24 font-mono text-sm text-slate-900 tabular-nums dark:text-slate-100">
            {count(bytes)} B
          </output>
          <Button type="submit" unavailable={running} className={buttonPrimary}>
            {running ? "Measuring…" : "Measure"}
          </Button>
        </form>
        <p aria-live="polite" className="text-sm text-slate-600 dark:text-slate-400">
          {running && `Sending every credential with ${count(bytes)} bytes of data…`}
          {state.kind === "error" && <span className="text-amber-800 dark:text-amber-300">{state.message}</span>}
          {state.kind === "idle" && report && `With ${count(report.bytes)} bytes of session data added:`}
          {state.kind === "idle" && !report && "Pick a size: each credential is made on the server with the app's real keys and sent to its API."}
        </p>
      </div>

      {report && (
        <section aria-label="Results" className="overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
          <div className="border-b border-slate-100 px-4 pt-3 sm:px-5 dark:border-slate-800">
            <Axis scale={scale} limits={report.limits} />
          </div>
          <ol className="divide-y divide-slate-100 dark:divide-slate-800">
            {report.rows.map((row) => {
              const column = columns.find((candidate) => candidate.id === row.approach);
              return column ? <ResultRow key={row.approach} row={row} column={column} scale={scale} limits={report.limits} /> : null;
            })}
          </ol>
          <div className="flex flex-wrap gap-x-6 gap-y-2 border-t border-slate-100 bg-slate-50 px-4 py-3 text-xs text-slate-600 sm:px-5 dark:border-slate-800 dark:bg-slate-950/40 dark:text-slate-400">
            <span className="flex items-center gap-2">
              <span aria-hidden="true" className="h-3 border-l-2 border-dashed border-amber-500 dark:border-amber-400" />
              {count(report.limits.cookieBytes)} bytes: the most a browser accepts in one cookie
            </span>
            <span className="flex items-center gap-2">
              <span aria-hidden="true" className="h-3 border-l-2 border-dashed border-red-500 dark:border-red-400" />
              {count(report.limits.headerBytes)} bytes: Node&apos;s limit for all of a request&apos;s headers
            </span>
            <span className="flex items-center gap-2">
              <span aria-hidden="true" className="h-3 w-5 rounded-sm border-2 border-dashed border-slate-400 dark:border-slate-500" />
              a cookie the library refused to set
            </span>
          </div>
        </section>
      )}
    </div>
  );
}
