"use client";

import { Suspense, lazy, useState } from "react";
import type { ApiResult, CredentialInspection } from "./api/types";

function Loading() {
  return <p className="px-4 py-3 text-sm text-slate-500 dark:text-slate-400">Loading the inspector…</p>;
}

// Loaded only once the section is opened: jose and the inspectors stay out of the page's first load.
// React's lazy rather than next/dynamic, whose wrapper would itself add to that first load.
const TokenInspector = lazy(() => import("./inspector/token-inspector").then((module) => ({ default: module.TokenInspector })));
const CookieInspector = lazy(() => import("./inspector/cookie-inspector").then((module) => ({ default: module.CookieInspector })));

interface CredentialInspectorProps {
  inspection: CredentialInspection;
  /** The server's answer when it was asked about a cookie: a 401 means the column's session is gone. */
  onAnswer: (result: ApiResult<unknown>) => void;
}

/**
 * "Inspect the credential", closed by default: the access token decoded and verified
 * in this browser, or the outline of an HttpOnly cookie as the server received it.
 */
export function CredentialInspector({ inspection, onAnswer }: CredentialInspectorProps) {
  const [open, setOpen] = useState(false);
  return (
    <details
      data-testid="inspector"
      onToggle={(event) => setOpen(event.currentTarget.open)}
      className="group rounded-xl bg-white ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-white/10"
    >
      <summary className="flex cursor-pointer list-none items-center justify-between gap-3 rounded-xl px-4 py-3 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 [&::-webkit-details-marker]:hidden">
        <span className="flex min-w-0 flex-wrap items-baseline gap-x-2">
          <span className="text-sm font-semibold text-slate-900 dark:text-slate-100">Inspect the credential</span>
          <span className="text-xs text-slate-500 dark:text-slate-400">
            {inspection.kind === "bearer" ? "Decoded and verified in this browser" : "Its parts, as the server received them"}
          </span>
        </span>
        <svg
          aria-hidden="true"
          viewBox="0 0 20 20"
          className="size-4 shrink-0 text-slate-400 transition group-open:rotate-90 dark:text-slate-500"
        >
          <path
            fill="currentColor"
            d="M7.2 4.2a.75.75 0 0 1 1.06 0l5.25 5.27a.75.75 0 0 1 0 1.06L8.26 15.8a.75.75 0 1 1-1.06-1.06L11.93 10 7.2 5.27a.75.75 0 0 1 0-1.06Z"
          />
        </svg>
      </summary>
      {open ? (
        <div className="border-t border-slate-100 dark:border-slate-800">
          <Suspense fallback={<Loading />}>
            {inspection.kind === "bearer" ? <TokenInspector inspection={inspection} /> : <CookieInspector inspection={inspection} onAnswer={onAnswer} />}
          </Suspense>
        </div>
      ) : null}
    </details>
  );
}
