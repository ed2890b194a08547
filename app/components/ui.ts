import type { ApiResult } from "./api/types";

/**
 * Shared class lists, so every button, field and card in the lab looks and focuses the same.
 * Each carries its own `dark:` variants (the system's colour scheme decides), so a component
 * that uses them is dark-ready without a list of its own.
 */

// sky-600 keeps 3:1 against white; on the dark surfaces it would not, so dark mode uses sky-400.
export const focusRing =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:focus-visible:outline-sky-400";

export const buttonPrimary =
  `inline-flex items-center justify-center gap-2 rounded-lg bg-slate-900 px-3.5 py-2 text-sm font-medium text-white shadow-sm transition hover:bg-slate-700 disabled:cursor-not-allowed disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-white ${focusRing}`;

export const buttonSecondary =
  `inline-flex items-center justify-center gap-2 rounded-lg bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 transition ring-inset hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600 dark:hover:bg-slate-700 ${focusRing}`;

const buttonQuietBase =
  `inline-flex items-center justify-center rounded-md px-2 py-1 text-xs font-medium text-slate-600 transition disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60 dark:text-slate-300 ${focusRing}`;

export const buttonQuiet =
  `${buttonQuietBase} hover:bg-slate-100 hover:text-slate-900 dark:hover:bg-slate-800 dark:hover:text-white`;

/** A quiet button that deletes or revokes something: red only on hover. */
export const buttonQuietDanger =
  `${buttonQuietBase} hover:bg-red-50 hover:text-red-700 dark:hover:bg-red-500/15 dark:hover:text-red-300`;

export const input =
  "block w-full rounded-lg border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-500 focus:ring-2 focus:ring-sky-600 focus:outline-none disabled:bg-slate-50 dark:bg-slate-950 dark:text-slate-100 dark:ring-slate-600 dark:placeholder:text-slate-400 dark:focus:ring-sky-400 dark:disabled:bg-slate-900";

export const link =
  `font-medium text-sky-700 underline decoration-sky-300 underline-offset-2 hover:text-sky-900 hover:decoration-sky-600 dark:text-sky-400 dark:decoration-sky-400/50 dark:hover:text-sky-300 dark:hover:decoration-sky-300 ${focusRing} rounded-sm`;

/** Code inside a sentence. */
export const inlineCode = "rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8125rem] text-slate-900 dark:bg-slate-800 dark:text-slate-100";

/** A raised card on the page background: the columns, tables and lists. */
export const surface = "bg-white shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:shadow-none dark:ring-white/10";

/** An error the person can act on, shown under the form or list it concerns. */
export const alertBox =
  "rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-600/30 ring-inset dark:bg-amber-500/10 dark:text-amber-200 dark:ring-amber-400/30";

export const ACCENTS = {
  violet: { bar: "bg-violet-500", soft: "bg-violet-50 text-violet-800 ring-violet-200 dark:bg-violet-500/10 dark:text-violet-300 dark:ring-violet-400/30", text: "text-violet-700 dark:text-violet-400" },
  teal: { bar: "bg-teal-500", soft: "bg-teal-50 text-teal-800 ring-teal-200 dark:bg-teal-500/10 dark:text-teal-300 dark:ring-teal-400/30", text: "text-teal-700 dark:text-teal-400" },
  sky: { bar: "bg-sky-500", soft: "bg-sky-50 text-sky-800 ring-sky-200 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-400/30", text: "text-sky-700 dark:text-sky-400" },
  rose: { bar: "bg-rose-500", soft: "bg-rose-50 text-rose-800 ring-rose-200 dark:bg-rose-500/10 dark:text-rose-300 dark:ring-rose-400/30", text: "text-rose-700 dark:text-rose-400" },
} as const;

const REASONS: Record<number, string> = {
  0: "Network error",
  200: "OK",
  201: "Created",
  204: "No Content",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export const reasonPhrase = (status: number): string => REASONS[status] ?? "";

/** An instant to the minute in the browser's own locale and time zone: the notes' times. */
export const localTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Green for 2xx, amber for 4xx, red for 5xx and failed requests. */
export function statusTone(status: number): string {
  if (status >= 200 && status < 300) return "bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/25";
  if (status >= 400 && status < 500) return "bg-amber-50 text-amber-900 ring-amber-600/30 dark:bg-amber-500/10 dark:text-amber-200 dark:ring-amber-400/30";
  return "bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30";
}

/** A failed call in one line: "401 Unauthorized: Not signed in.", as the columns show it. */
export function problemText(result: Extract<ApiResult<unknown>, { ok: false }>): string {
  const { status, problem } = result;
  const head = status === 0 ? problem.title : `${status} ${problem.title}`;
  return problem.detail ? `${head}: ${problem.detail}` : head;
}
