import type { ApiResult } from "./api/types";

/** Shared class lists, so every button and field in the lab looks and focuses the same. */

const focusRing =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600";

export const buttonPrimary =
  `inline-flex items-center justify-center gap-2 rounded-lg bg-slate-900 px-3.5 py-2 text-sm font-medium text-white shadow-sm transition hover:bg-slate-700 disabled:cursor-not-allowed disabled:opacity-60 ${focusRing}`;

export const buttonSecondary =
  `inline-flex items-center justify-center gap-2 rounded-lg bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 transition ring-inset hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60 ${focusRing}`;

export const buttonQuiet =
  `inline-flex items-center justify-center rounded-md px-2 py-1 text-xs font-medium text-slate-600 transition hover:bg-slate-100 hover:text-slate-900 disabled:opacity-60 ${focusRing}`;

export const input =
  "block w-full rounded-lg border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-sky-600 focus:outline-none disabled:bg-slate-50";

export const link =
  `font-medium text-sky-700 underline decoration-sky-300 underline-offset-2 hover:text-sky-900 hover:decoration-sky-600 ${focusRing} rounded-sm`;

export const ACCENTS = {
  violet: { bar: "bg-violet-500", soft: "bg-violet-50 text-violet-800 ring-violet-200", text: "text-violet-700" },
  teal: { bar: "bg-teal-500", soft: "bg-teal-50 text-teal-800 ring-teal-200", text: "text-teal-700" },
  sky: { bar: "bg-sky-500", soft: "bg-sky-50 text-sky-800 ring-sky-200", text: "text-sky-700" },
  rose: { bar: "bg-rose-500", soft: "bg-rose-50 text-rose-800 ring-rose-200", text: "text-rose-700" },
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
};

export const reasonPhrase = (status: number): string => REASONS[status] ?? "";

/** Green for 2xx, amber for 4xx, red for 5xx and failed requests. */
export function statusTone(status: number): string {
  if (status >= 200 && status < 300) return "bg-emerald-50 text-emerald-800 ring-emerald-600/25";
  if (status >= 400 && status < 500) return "bg-amber-50 text-amber-900 ring-amber-600/30";
  return "bg-red-50 text-red-800 ring-red-600/25";
}

/** A failed call in one line: "401 Unauthorized: Not signed in.", as the columns show it. */
export function problemText(result: Extract<ApiResult<unknown>, { ok: false }>): string {
  const { status, problem } = result;
  const head = status === 0 ? problem.title : `${status} ${problem.title}`;
  return problem.detail ? `${head}: ${problem.detail}` : head;
}
