"use client";

import { useId, type ReactNode, type Ref } from "react";
import type { ApiResult, RevocationReport, Role, User } from "./api/types";
import type { Approach } from "./approaches";
import { Button } from "./button";
import { PathText } from "./path-text";
import { buttonSecondary, focusRing, reasonPhrase, statusTone } from "./ui";

/** The demo user whose role admins can change here: the seeded member (an admin cannot change their own). */
export const ROLE_TARGET = "bob";

export type RevocationAction = "lab" | "everywhere" | "role";

interface RevocationSectionProps {
  /** The drawer's summary, where focus goes when the lab signs the column out and its buttons go. */
  summaryRef?: Ref<HTMLElement>;
  user: User | null;
  revocation: Approach["revocation"];
  /** A request of this column is out: every button waits for it. */
  busy: boolean;
  /** Which of this section's actions it is, if any. */
  pending: RevocationAction | null;
  /** The last lab run: kept after it signs the column out, since that is when it matters. */
  lab: ApiResult<RevocationReport> | null;
  roleChange: ApiResult<User> | null;
  onRevokeCopy: () => void;
  onSignOutEverywhere: () => void;
  onChangeRole: (role: Role) => void;
}

/**
 * Claim #8 of the article, tested: does signing out stop a copy of the credential?
 * Also "sign out everywhere", and (for admins) a role change that applies at once.
 * Closed by default, so the column stays short and its "Sign out" stays the only one in view.
 */
export function RevocationSection({
  summaryRef,
  user,
  revocation,
  busy,
  pending,
  lab,
  roleChange,
  onRevokeCopy,
  onSignOutEverywhere,
  onChangeRole,
}: RevocationSectionProps) {
  const rolesId = useId();
  return (
    <details className="group rounded-xl ring-1 ring-slate-200 dark:ring-white/10">
      <summary ref={summaryRef} className={`flex cursor-pointer list-none items-center justify-between gap-3 rounded-xl px-4 py-3 [&::-webkit-details-marker]:hidden ${focusRing}`}>
        <span className="flex min-w-0 flex-wrap items-baseline gap-x-2">
          <span className="text-sm font-semibold text-slate-900 dark:text-slate-100">Revocation</span>
          <span className="text-xs text-slate-500 dark:text-slate-400">Does signing out stop a copy?</span>
        </span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 shrink-0 text-slate-500 transition group-open:rotate-90 dark:text-slate-400">
          <path fill="currentColor" d="M7.2 4.2a.75.75 0 0 1 1.06 0l5.25 5.27a.75.75 0 0 1 0 1.06L8.26 15.8a.75.75 0 1 1-1.06-1.06L11.93 10 7.2 5.27a.75.75 0 0 1 0-1.06Z" />
        </svg>
      </summary>

      <div className="space-y-4 border-t border-slate-100 px-4 pt-3 pb-4 dark:border-white/10">
        {user ? (
          <>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Signing out deletes this tab’s copy of the credential. The lab copies it first, revokes it, and replays the copy.
              Both buttons sign you out.
            </p>
            <div className="flex flex-wrap gap-2">
              <Button onClick={onRevokeCopy} unavailable={busy} className={buttonSecondary}>
                {pending === "lab" ? "Replaying the copy…" : "Revoke a copy and replay it"}
              </Button>
              <Button onClick={onSignOutEverywhere} unavailable={busy} className={buttonSecondary}>
                {pending === "everywhere" ? "Ending every session…" : "Sign out everywhere"}
              </Button>
            </div>
          </>
        ) : null}

        <div data-testid="revocation-report" aria-live="polite">
          {lab ? <LabReport result={lab} revocation={revocation} /> : null}
        </div>

        {user ? null : (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {lab?.ok ? "The lab signed you out, as a logout does. " : ""}Sign in again to run it once more.
          </p>
        )}

        {/* Not for bob himself once he is an admin: each button would target his own account (a 409). */}
        {user?.role === "admin" && user.username !== ROLE_TARGET ? (
          <div role="group" aria-labelledby={rolesId} className="space-y-2 border-t border-slate-100 pt-3 dark:border-white/10">
            <p id={rolesId} className="text-sm font-semibold text-slate-900 dark:text-slate-100">
              Roles <span className="text-xs font-normal text-slate-500 dark:text-slate-400">(admins only)</span>
            </p>
            <p className="text-xs text-slate-600 dark:text-slate-400">
              Roles are read on every request: {ROLE_TARGET}’s existing sessions change at once.
            </p>
            <div className="flex flex-wrap gap-2">
              <Button onClick={() => onChangeRole("member")} unavailable={busy} className={buttonSecondary}>
                Make {ROLE_TARGET} a member
              </Button>
              <Button onClick={() => onChangeRole("admin")} unavailable={busy} className={buttonSecondary}>
                Make {ROLE_TARGET} an admin
              </Button>
            </div>
            <div data-testid="role-result" aria-live="polite">
              {roleChange ? <RoleResult result={roleChange} /> : null}
            </div>
          </div>
        ) : null}
      </div>
    </details>
  );
}

function LabReport({ result, revocation }: { result: ApiResult<RevocationReport>; revocation: Approach["revocation"] }) {
  if (!result.ok) return <ProblemCard result={result} />;
  const report = result.data;
  const { replays, acceptedWithCheck, acceptedWithoutCheck, medianMicros } = report;
  const refused = acceptedWithCheck === 0;
  // An opaque id is refused without the store too, not because it expired: there is nothing to verify.
  const opaque = !revocation.selfContained && acceptedWithoutCheck === 0;
  return (
    <Card
      tone={refused ? statusTone(result.status) : statusTone(500)}
      headline={`${result.status} ${reasonPhrase(result.status)} — ${refused ? "the copy was refused at once" : "a revoked copy got through"}`}
      request={result.request}
    >
      <p className="mt-1 text-sm">
        Copied the {report.credential.bytes}-byte {revocation.credential}, revoked it, replayed the copy {replays}×: accepted{" "}
        {acceptedWithCheck} of {replays} as this server&apos;s API checks it (≈ {micros(medianMicros.withCheck)} each), and{" "}
        {opaque
          ? `${acceptedWithoutCheck} of ${replays} without the store too — there is nothing to verify without it.`
          : `${acceptedWithoutCheck} of ${replays} without the store check (≈ ${micros(medianMicros.withoutCheck)} each).`}
      </p>
      <p className="mt-1 text-sm">
        {report.secondsLeftWithoutCheck > 0 && acceptedWithoutCheck > 0
          ? `Without the check — ${revocation.verifierWithoutStore} — the copy would keep working ${duration(report.secondsLeftWithoutCheck)} more, until ${clockTime(report.credential.expiresAt)}.${revocation.renewedWithoutStore ? ` ${revocation.renewedWithoutStore}` : ""}`
          : opaque
            ? `Who would accept the copy without the store? ${sentenceCase(revocation.verifierWithoutStore)}. Deleting the record ended every copy at once.`
            : "The copy expires now anyway, so even without the check it would stop working."}
      </p>
      {!refused && report.revocationCheck === "off" && (
        <p className="mt-1 text-sm">
          This server runs with <code>REVOCATION_CHECK=off</code>, which exists to measure what the check costs: its API does not
          ask the store, so logout stops no copy.
        </p>
      )}
      <p className="mt-1 text-xs opacity-80">
        {report.store === "redis"
          ? "The store is Redis, which every instance shares."
          : "The store is SQLite, the database file on this server."}
      </p>
    </Card>
  );
}

function RoleResult({ result }: { result: ApiResult<User> }) {
  if (!result.ok) return <ProblemCard result={result} />;
  const { username, role } = result.data;
  return (
    <Card
      tone={statusTone(result.status)}
      headline={`${result.status} ${reasonPhrase(result.status)} — ${username} is now ${role === "admin" ? "an admin" : "a member"}`}
      request={result.request}
    >
      <p className="mt-1 text-sm">
        {role === "admin"
          ? `${username}’s sessions, in every column, may call the admin API from their next request on: no new sign-in.`
          : `${username}’s sessions, in every column, get 403 from the admin API on their next request, and stay signed in.`}
      </p>
    </Card>
  );
}

function ProblemCard({ result }: { result: Extract<ApiResult<unknown>, { ok: false }> }) {
  const { status, problem } = result;
  return (
    <Card
      tone={statusTone(status)}
      headline={status === 0 ? problem.title : `${status} ${problem.title || reasonPhrase(status)}`}
      request={result.request}
    >
      {problem.detail ? <p className="mt-1 text-sm">{problem.detail}</p> : null}
    </Card>
  );
}

function Card({ tone, headline, request, children }: { tone: string; headline: string; request: string; children: ReactNode }) {
  return (
    <div className={`rounded-xl px-4 py-3 ring-1 ring-inset ${tone}`}>
      <p className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <span className="text-sm font-semibold">{headline}</span>
        <span className="min-w-0 font-mono text-xs break-words opacity-80">
          <PathText text={request} />
        </span>
      </p>
      {children}
    </div>
  );
}

const sentenceCase = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const micros = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(1)} ms` : `${value} µs`);

function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return s > 0 ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}

const sameDayTime = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const otherDayTime = new Intl.DateTimeFormat(undefined, { weekday: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" });

function clockTime(iso: string): string {
  const date = new Date(iso);
  return (date.toDateString() === new Date().toDateString() ? sameDayTime : otherDayTime).format(date);
}
