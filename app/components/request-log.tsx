import type { LogEntry } from "./api/types";
import { statusTone } from "./ui";

/** Every request a column made, newest first: what went out, what came back, how long it took. */
export function RequestLog({ entries }: { entries: readonly LogEntry[] }) {
  return (
    <div data-testid="request-log" className="rounded-xl bg-slate-950 text-slate-200 ring-1 ring-slate-900/10 dark:ring-white/10">
      <div className="flex items-baseline justify-between gap-3 border-b border-white/10 px-4 py-2.5">
        <h3 className="text-xs font-semibold tracking-wide text-slate-300 uppercase">Request log</h3>
        <span className="text-xs text-slate-400">
          {entries.length === 0 ? "newest first" : `${entries.length} ${entries.length === 1 ? "request" : "requests"}, newest first`}
        </span>
      </div>
      {entries.length === 0 ? (
        <p className="px-4 py-5 font-mono text-xs text-slate-400">No requests yet.</p>
      ) : (
        <ol
          tabIndex={0}
          aria-label="Requests, newest first"
          className="max-h-[28rem] divide-y divide-white/5 overflow-y-auto font-mono text-xs focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-400">
          {entries.map((entry) => (
            <li key={entry.id} className="px-4 py-2.5">
              <div className="flex items-center gap-2.5">
                <span
                  className={`inline-flex min-w-10 justify-center rounded px-1.5 py-0.5 font-semibold tabular-nums ring-1 ring-inset ${statusTone(entry.status)}`}
                >
                  {entry.status === 0 ? "ERR" : entry.status}
                </span>
                <span className="font-semibold text-white">{entry.method}</span>
                <span className="min-w-0 flex-1 break-all text-slate-200 sm:truncate" title={entry.path}>
                  {entry.path}
                </span>
                <span className="shrink-0 text-slate-400 tabular-nums">{entry.ms} ms</span>
              </div>
              <p className="mt-1 break-words text-slate-400 sm:pl-[3.25rem]">
                <span className="sr-only">Credential sent: </span>
                {entry.credential}
              </p>
              {entry.note ? <p className="mt-0.5 text-sky-300/90 sm:pl-[3.25rem]">↳ {entry.note}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
