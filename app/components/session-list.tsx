"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { ApiResult, SessionDirectory, SessionInfo } from "./api/types";
import { Button } from "./button";
import { useFocusAfterRemoval } from "./keep-focus";
import { alertBox, buttonQuiet, buttonQuietDanger, problemText } from "./ui";

interface SessionListProps {
  directory: SessionDirectory;
  /**
   * This column's own session is gone: revoked from this list (`result` is the 204), or
   * found dead by a call that got 401. The column shows itself signed out.
   */
  onEndedHere: (result: ApiResult<unknown>) => void;
}

/** Enough of an id to tell sessions apart on screen; the id alone is useless without the secret. */
const shortSessionId = (id: string) => id.slice(0, 8);

/**
 * Every live session of the signed-in user, one per sign-in, and a button to end any one
 * of them. Mounted only while signed in, so each sign-in loads a fresh list.
 */
export function SessionList({ directory, onEndedHere }: SessionListProps) {
  const headingId = useId();
  const [sessions, setSessions] = useState<readonly SessionInfo[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [revokingId, setRevokingId] = useState<string | null>(null);
  const mounted = useRef(true);
  const list = useRef<HTMLUListElement>(null);
  const refreshButton = useRef<HTMLButtonElement>(null);
  // A revoked session's Revoke passes focus to the next row's, else the one above, else Refresh.
  const revoking = useFocusAfterRemoval(sessions, list, refreshButton);
  // One request at a time: a list answered before a revoke landed would bring the revoked row back.
  const busy = loading || revokingId !== null;

  /** Ends the column's session unless the answer says it is already dead; true when it is. */
  const endedBy = useCallback(
    (result: ApiResult<unknown>) => {
      if (result.ok || result.status !== 401) return false;
      onEndedHere(result);
      return true;
    },
    [onEndedHere],
  );

  const showList = useCallback(
    (result: ApiResult<SessionInfo[]>) => {
      if (!mounted.current || endedBy(result)) return;
      setLoading(false);
      if (result.ok) {
        setSessions(result.data);
        setError(null);
      } else {
        setError(problemText(result));
      }
    },
    [endedBy],
  );

  useEffect(() => {
    mounted.current = true;
    void directory.list().then(showList);
    return () => {
      mounted.current = false;
    };
  }, [directory, showList]);

  function refresh() {
    setLoading(true);
    void directory.list().then(showList);
  }

  async function revoke(session: SessionInfo) {
    setRevokingId(session.id);
    const result = await directory.revoke(session.id);
    if (!mounted.current) return;
    setRevokingId(null);
    if (endedBy(result)) return;
    if (result.ok && session.current) {
      onEndedHere(result);
      return;
    }
    if (result.ok || result.status === 404) {
      setSessions((current) => current.filter((candidate) => candidate.id !== session.id));
    }
    setError(result.ok ? null : problemText(result));
  }

  return (
    <section data-testid="session-list" aria-labelledby={headingId} className="space-y-2">
      <div className="flex items-baseline justify-between gap-3">
        <h3 id={headingId} className="text-sm font-semibold text-slate-900 dark:text-slate-100">
          Your sessions
        </h3>
        <span className="flex items-baseline gap-2 text-xs text-slate-500 dark:text-slate-400">
          <span aria-live="polite">
            {loading ? "Loading…" : `${sessions.length} ${sessions.length === 1 ? "session" : "sessions"}`}
          </span>
          <Button ref={refreshButton} onClick={refresh} unavailable={busy} aria-label="Refresh sessions" className={buttonQuiet}>
            Refresh
          </Button>
        </span>
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        Only a stateful design can do this: the server holds every session, so it can list them and end any one at once.
      </p>
      {error ? (
        <p role="alert" className={alertBox}>
          {error}
        </p>
      ) : null}
      <ul ref={list} aria-label="Sessions" className="max-h-80 divide-y divide-slate-100 overflow-y-auto rounded-lg ring-1 ring-slate-200 dark:divide-white/10 dark:ring-white/10">
        {loading && sessions.length === 0 ? (
          // A row's height while the first answer is out (there is at least this device's), so
          // the column does not grow under the reader when it comes.
          <li aria-hidden="true" className="animate-pulse px-3 py-2.5">
            <p className="py-1">
              <span className="block h-3 w-40 rounded bg-slate-200 dark:bg-slate-700" />
            </p>
            <p className="mt-0.5 py-0.5">
              <span className="block h-3 w-64 max-w-full rounded bg-slate-100 dark:bg-slate-800" />
            </p>
          </li>
        ) : null}
        {sessions.map((session, index) => {
          const shortId = shortSessionId(session.id);
          return (
            <li key={session.id} className="flex items-start gap-3 px-3 py-2.5">
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-800 dark:text-slate-200">
                  <span className="truncate" title={session.userAgent}>
                    {describeAgent(session.userAgent)}
                  </span>
                  {session.current ? (
                    <span className="rounded-full bg-rose-50 px-2 py-0.5 text-xs font-medium text-rose-800 ring-1 ring-rose-200 ring-inset dark:bg-rose-500/10 dark:text-rose-300 dark:ring-rose-400/30">
                      this device
                    </span>
                  ) : null}
                </p>
                <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
                  Signed in <Instant iso={session.createdAt} /> · last seen <Instant iso={session.lastSeenAt} /> · id{" "}
                  <span className="font-mono">{shortId}</span>
                </p>
              </div>
              <Button
                aria-label={`Revoke session: ${shortId}${session.current ? " (this device)" : ""}`}
                unavailable={busy}
                onClick={() => {
                  revoking(session.id, index);
                  void revoke(session);
                }}
                className={`${buttonQuietDanger} shrink-0`}
              >
                Revoke
              </Button>
            </li>
          );
        })}
      </ul>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        “Last seen” moves only every few minutes (5 by default): the store is not written on every request. Revoking this device’s
        session signs this column out.
      </p>
    </section>
  );
}

const sameDay = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
const otherDay = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });

function Instant({ iso }: { iso: string }) {
  const date = new Date(iso);
  const format = date.toDateString() === new Date().toDateString() ? sameDay : otherDay;
  return <time dateTime={iso}>{format.format(date)}</time>;
}

/** "Chrome on macOS" from a user-agent string; anything unrecognised by its first word. */
function describeAgent(userAgent: string): string {
  const browser = [
    [/Edg(A|iOS)?\//, "Edge"],
    [/Firefox\/|FxiOS\//, "Firefox"],
    [/HeadlessChrome\//, "Headless Chrome"],
    [/Chrome\/|CriOS\//, "Chrome"],
    [/Safari\//, "Safari"],
  ] as const;
  const system = [
    [/iPhone|iPad/, "iOS"],
    [/Android/, "Android"],
    [/Windows/, "Windows"],
    [/Macintosh|Mac OS X/, "macOS"],
    [/CrOS/, "ChromeOS"],
    [/Linux/, "Linux"],
  ] as const;
  const name = browser.find(([pattern]) => pattern.test(userAgent))?.[1];
  const os = system.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (name) return os ? `${name} on ${os}` : name;
  const first = userAgent.split(/[\s;(]/, 1)[0];
  return first && first !== "unknown" ? first : "Unknown client";
}
