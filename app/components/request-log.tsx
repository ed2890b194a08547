import type { LogEntry } from "./api/types";
import type { Inspection, WireReport } from "./api/wire";
import { PathText } from "./path-text";
import { statusTone } from "./ui";

/**
 * Every request a column made, newest first: what went out, what came back, how long it
 * took, and — opened — what the server saw: the credential headers with each cookie's
 * size, the challenge, the cookies it set with their attributes, and its auth time.
 */
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
                <span className="min-w-0 flex-1 break-words text-slate-200 sm:truncate" title={entry.path}>
                  <PathText text={entry.path} />
                </span>
                <span className="shrink-0 text-slate-400 tabular-nums">{entry.ms} ms</span>
              </div>
              <p className="mt-1 break-words text-slate-400 sm:pl-[3.25rem]">
                <span className="sr-only">Credential sent: </span>
                {entry.credential}
              </p>
              {entry.note ? <p className="mt-0.5 text-sky-300/90 sm:pl-[3.25rem]">↳ {entry.note}</p> : null}
              {entry.inspection && hasDetails(entry.inspection) ? <ExchangeDetails inspection={entry.inspection} ms={entry.ms} /> : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

const bytes = (count: number) => `${count} B`;

const hasDetails = ({ timing, wwwAuthenticate, wire }: Inspection) => timing.length > 0 || wwwAuthenticate !== null || wire !== null;

/** The inspector for one exchange: what the server received and sent, and where the time went. */
function ExchangeDetails({ inspection, ms }: { inspection: Inspection; ms: number }) {
  const { timing, wwwAuthenticate, wire } = inspection;
  const checksMs = timing.reduce((total, metric) => total + metric.milliseconds, 0);
  return (
    <details data-testid="exchange" className="mt-1.5 sm:pl-[3.25rem]">
      <summary className="cursor-pointer text-slate-400 select-none hover:text-slate-200 focus-visible:outline-2 focus-visible:outline-sky-400">
        Inspect{timing.length > 0 ? ` · server checks ${checksMs.toFixed(2)} ms of ${ms} ms` : ""}
      </summary>
      <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1.5 text-slate-300">
        <dt className="text-slate-400">Sent</dt>
        <dd data-testid="exchange-sent">{wire ? <SentCredentials wire={wire} /> : "not reported (another origin)"}</dd>
        {wwwAuthenticate ? (
          <>
            <dt className="text-slate-400">Challenge</dt>
            <dd data-testid="exchange-challenge" className="break-words">
              WWW-Authenticate: {wwwAuthenticate}
            </dd>
          </>
        ) : null}
        <dt className="text-slate-400">Set</dt>
        <dd data-testid="exchange-set">
          {!wire ? (
            "not reported (another origin)"
          ) : wire.setCookies.length > 0 ? (
            <ul className="space-y-0.5">
              {wire.setCookies.map((cookie, index) => (
                <li key={`${cookie.name}-${index}`} className="break-words">
                  <span className="text-white">{cookie.name}</span>{" "}
                  {cookie.cleared ? "cleared" : bytes(cookie.bytes)} · {cookie.attributes}
                </li>
              ))}
            </ul>
          ) : (
            "no cookies"
          )}
        </dd>
        <dt className="text-slate-400">Time</dt>
        <dd data-testid="exchange-timing">
          {timing.length === 0 ? (
            `${ms} ms in all; no credential was checked`
          ) : (
            <ul className="space-y-0.5">
              {timing.map((metric, index) => (
                <li key={`${metric.name}-${index}`}>
                  <span className="text-white">{metric.name}</span> {metric.milliseconds.toFixed(3)} ms
                  {metric.description ? <span className="text-slate-400"> · {metric.description}</span> : null}
                </li>
              ))}
              <li className="text-slate-400">from Server-Timing; {ms} ms round trip in the browser</li>
            </ul>
          )}
        </dd>
      </dl>
    </details>
  );
}

function SentCredentials({ wire }: { wire: WireReport }) {
  const { authorization, cookies, cookieHeaderBytes, cookiesNotDescribed } = wire;
  if (!authorization && cookies.length === 0) return <>no credential</>;
  return (
    <ul className="space-y-0.5">
      {authorization ? (
        <li className="break-words">
          Authorization: {authorization.scheme} {authorization.preview}… <span className="text-slate-400">({bytes(authorization.bytes)})</span>
        </li>
      ) : null}
      {cookies.length > 0 ? (
        <li>
          Cookie: <span className="text-slate-400">({bytes(cookieHeaderBytes)})</span>
          <ul className="pl-3">
            {cookies.map((cookie, index) => (
              <li key={`${cookie.name}-${index}`} className="break-words">
                <span className="text-white">{cookie.name}</span>={cookie.preview}… <span className="text-slate-400">({bytes(cookie.bytes)})</span>
              </li>
            ))}
            {cookiesNotDescribed > 0 ? <li className="text-slate-400">and {cookiesNotDescribed} more</li> : null}
          </ul>
        </li>
      ) : null}
    </ul>
  );
}
