"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useEffectEvent, useId, useRef, useState, useSyncExternalStore } from "react";
import type { ApiResult, LogEntry, RevocationReport, Role, User } from "./api/types";
import { approachById, type ApproachId } from "./approaches";
import { Button } from "./button";
import { CredentialInspector } from "./credential-inspector";
import { keepFocus } from "./keep-focus";
import { NotesSection } from "./notes-section";
import { PathText } from "./path-text";
import { RequestLog } from "./request-log";
import { ROLE_TARGET, RevocationSection, type RevocationAction } from "./revocation-section";
import { SignInForm } from "./sign-in-form";
import { SecondServiceSection } from "./second-service-section";
import { SessionList } from "./session-list";
import { SessionStatus, describeUser, type SessionCheck } from "./session-status";
import { ACCENTS, buttonSecondary, link, problemText, reasonPhrase, statusTone, surface } from "./ui";
import { useNotes } from "./use-notes";

type Action = "login" | "logout" | "me" | "admin" | RevocationAction;

interface Outcome {
  status: number;
  request: string;
  headline: string;
  detail: string;
}

const NO_ENTRIES: readonly LogEntry[] = [];

function success(result: Extract<ApiResult<unknown>, { ok: true }>, detail: string): Outcome {
  const { status, request } = result;
  return { status, request, headline: `${status} ${reasonPhrase(status)}`, detail };
}

function failure(result: Extract<ApiResult<unknown>, { ok: false }>): Outcome {
  const { status, request, problem } = result;
  return {
    status,
    request,
    headline: status === 0 ? problem.title : `${status} ${problem.title || reasonPhrase(status)}`,
    detail: problem.detail,
  };
}

interface ApproachPanelProps {
  approach: ApproachId;
  /** The demo users' password (DEMO_PASSWORD), shown on the sign-in form. */
  demoPassword: string;
  /** Where to go after signing in (already checked by the server page that passes it). */
  next?: string;
  /** The second service's URL (RESOURCE_SERVER_URL), if one is configured. */
  secondServiceUrl?: string | null;
}

/**
 * One column of the lab: the same sign-in, identity, admin and notes calls for any
 * approach, driven by that approach's client, with every request it makes in a log.
 */
export function ApproachPanel({ approach: approachId, demoPassword, next, secondServiceUrl = null }: ApproachPanelProps) {
  const approach = approachById(approachId);
  const accent = ACCENTS[approach.accent];
  const headingId = useId();
  const onOwnPage = usePathname() === approach.href;
  const [client] = useState(approach.createClient);
  const log = useSyncExternalStore(client.subscribe, client.getLog, () => NO_ENTRIES);

  // Whether this browser is signed in: being found out, known, or unknown (the check failed).
  const [sessionCheck, setSessionCheck] = useState<SessionCheck>("running");
  const [user, setUser] = useState<User | null>(null);
  // One request at a time: while one is out (a note being added or deleted too) every action
  // waits, so nothing is sent twice.
  const [pending, setPending] = useState<Action | null>(null);
  const [loginError, setLoginError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [lab, setLab] = useState<ApiResult<RevocationReport> | null>(null);
  const [roleChange, setRoleChange] = useState<ApiResult<User> | null>(null);
  // Bumped by every sign-in and sign-out, so a slower answer from before cannot overwrite it.
  const epoch = useRef(0);
  const notes = useNotes(client, epoch, noticeUnauthorized);
  const { clear: clearNotes } = notes;
  // Checking too: a call sent before the check has found the session would go without its
  // credential (the JWT's token is not in memory yet), and its 401 would sign the column out.
  const busy = sessionCheck === "running" || pending !== null || notes.busy;
  // Where focus goes when an action here takes away the control that had it: the status line
  // after signing in, the sign-in form after signing out, the revocation drawer after its lab.
  const column = useRef<HTMLElement>(null);
  const statusLine = useRef<HTMLParagraphElement>(null);
  const usernameField = useRef<HTMLInputElement>(null);
  const revocationSummary = useRef<HTMLElement>(null);

  const signedOut = useCallback(() => {
    epoch.current += 1;
    setUser(null);
    setSessionCheck("done");
    clearNotes();
  }, [clearNotes]);

  /**
   * Who the server says this column's credential belongs to, from "Who am I?" or the admin
   * API. The same user: their role may be newer than the status line. Another user (signed
   * in or out in another tab, with the cookie this column shares): the column becomes theirs,
   * as after a sign-in, with their notes rather than the last user's.
   */
  function showUser(answered: User) {
    if (answered.id === user?.id) {
      setUser(answered);
      return;
    }
    becomeUser(answered);
    void notes.load();
  }

  /** The column is now `signedIn`'s (a sign-in, or another user's answer): nothing of the last user's stays. */
  function becomeUser(signedIn: User) {
    epoch.current += 1;
    clearNotes();
    setUser(signedIn);
    setSessionCheck("done");
    setLab(null);
    setRoleChange(null);
  }

  /** Any 401 means this column's credential is gone (expired, revoked): show it as such. */
  function noticeUnauthorized(result: ApiResult<unknown>) {
    if (!result.ok && result.status === 401) keepFocus(column, signedOut, usernameField);
  }

  /** The session list ended this column's own session (or found it already gone). */
  const sessionEndedHere = useCallback(
    (result: ApiResult<unknown>) => {
      keepFocus(
        column,
        () => {
          signedOut();
          setOutcome(
            result.ok
              ? success(result, "This device’s session was revoked: the server deleted its record, so this column is signed out.")
              : failure(result),
          );
        },
        usernameField,
      );
    },
    [signedOut],
  );

  // Through an effect event, so the restore below runs once per client: `notes.load` is a new
  // function on every render.
  const loadNotes = useEffectEvent(notes.load);
  useEffect(() => {
    let active = true;
    const started = epoch.current;
    void client.restore().then((found) => {
      if (!active) return;
      // A sign-in or sign-out meanwhile has answered the question.
      const answered = epoch.current !== started;
      setSessionCheck(answered || found.ok ? "done" : "failed");
      if (answered) return;
      if (!found.ok) {
        setOutcome(failure(found)); // it could not tell (a network error, a 503): say so beside the sign-in form
        return;
      }
      if (!found.data) return;
      setUser(found.data);
      void loadNotes();
    });
    return () => {
      active = false;
    };
  }, [client]);

  async function signIn(username: string, password: string) {
    setPending("login");
    setLoginError(null);
    const result = await client.login(username, password);
    if (!result.ok) {
      setPending(null);
      setLoginError(problemText(result));
      return;
    }
    keepFocus(
      column,
      () => {
        setPending(null);
        setOutcome(null);
        becomeUser(result.data);
      },
      statusLine,
    );
    if (next) {
      window.location.assign(next);
      return;
    }
    void notes.load();
  }

  async function signOut() {
    setPending("logout");
    setOutcome(null);
    // Signed out only once the server has ended the session: leaving the page earlier could
    // cut a sign-out that takes two requests (next-auth's) short, and leave the session alive.
    // Any other failure (store unavailable, network) keeps the user here, to try again.
    showSignOut(await client.logout(), "Signed out. The server now refuses this credential, even a copy of it.");
  }

  /** How a sign-out ended: signed out, unless it failed with the session still alive (then `failure`). */
  function showSignOut(result: ApiResult<unknown>, done: string) {
    keepFocus(
      column,
      () => {
        setPending(null);
        if (result.ok || result.status === 401) signedOut();
        setOutcome(result.ok ? success(result, done) : failure(result));
      },
      usernameField,
    );
  }

  async function whoAmI() {
    setPending("me");
    const started = epoch.current;
    const result = await client.me();
    setPending(null);
    // Signed out meanwhile (the session list does not wait for this column): the answer is about a session that is gone.
    if (epoch.current !== started) return;
    noticeUnauthorized(result);
    if (result.ok) showUser(result.data);
    setOutcome(
      result.ok ? success(result, `You are ${describeUser(result.data)}, user #${result.data.id}.`) : failure(result),
    );
  }

  async function callAdmin() {
    setPending("admin");
    const started = epoch.current;
    const result = await client.admin();
    setPending(null);
    if (epoch.current !== started) return; // as in whoAmI
    noticeUnauthorized(result);
    if (!result.ok) {
      // A 403 here says the server no longer sees the admin role: show it without a sign-in.
      if (result.status === 403) setUser((current) => (current?.role === "admin" ? { ...current, role: "member" } : current));
      setOutcome(failure(result));
      return;
    }
    showUser(result.data.user);
    const { users, notes: noteCount } = result.data.stats;
    const allowed = success(
      result,
      `Admin stats: ${users} ${users === 1 ? "user" : "users"}, ${noteCount} ${noteCount === 1 ? "note" : "notes"} across the lab.`,
    );
    setOutcome({ ...allowed, headline: `${allowed.headline} — allowed` });
  }

  async function revokeCopy() {
    setPending("lab");
    const result = await client.revocationLab();
    // Focus stays by the report, in the drawer, rather than jumping up to the sign-in form.
    keepFocus(
      column,
      () => {
        setPending(null);
        setLab(result);
        // A report means the server revoked this credential; a 401 means it was dead already.
        if (result.ok || result.status === 401) signedOut();
      },
      revocationSummary,
    );
  }

  async function signOutEverywhere() {
    const name = user?.username ?? "this user";
    setPending("everywhere");
    showSignOut(
      await client.logoutEverywhere(),
      `Signed out everywhere: every other column, tab and device where ${name} is signed in is signed out too, on its next request.`,
    );
  }

  async function changeRole(role: Role) {
    setPending("role");
    const result = await client.changeRole(ROLE_TARGET, role);
    setPending(null);
    setRoleChange(result);
    noticeUnauthorized(result);
  }

  return (
    <section
      ref={column}
      data-testid={`panel-${approach.id}`}
      aria-labelledby={headingId}
      className={`relative flex min-w-0 flex-col overflow-hidden rounded-2xl ${surface}`}
    >
      <div className={`h-1 ${accent.bar}`} aria-hidden="true" />
      <div className="flex flex-1 flex-col gap-5 p-5 sm:p-6">
        <header className="space-y-1.5">
          <div className="flex items-start justify-between gap-3">
            <h2 id={headingId} className="text-lg font-semibold tracking-tight text-slate-950 dark:text-white">
              {approach.title}
            </h2>
            {onOwnPage ? null : (
              <Link href={approach.href} className={`${link} shrink-0 text-sm`}>
                How it works<span className="sr-only">: {approach.title}</span>
              </Link>
            )}
          </div>
          <p className="text-sm text-slate-600 dark:text-slate-400">{approach.summary}</p>
        </header>

        <SessionStatus statusRef={statusLine} user={user} check={sessionCheck} credential={user ? client.credentialSummary() : null}>
          {user ? (
            <Button onClick={signOut} unavailable={busy} className={buttonSecondary}>
              {pending === "logout" ? "Signing out…" : "Sign out"}
            </Button>
          ) : null}
        </SessionStatus>

        {next && user ? (
          <p className="text-sm text-slate-700 dark:text-slate-300">
            You are signed in.{" "}
            <a href={next} className={link}>
              Continue to {next}
            </a>
          </p>
        ) : null}

        {user ? null : (
          <SignInForm
            usernameRef={usernameField}
            demoPassword={demoPassword}
            disabled={busy}
            pending={pending === "login"}
            error={loginError}
            onSubmit={signIn}
          />
        )}

        <div className="space-y-3">
          <div className="flex flex-wrap gap-2">
            <Button onClick={whoAmI} unavailable={busy} className={buttonSecondary}>
              Who am I?
            </Button>
            <Button onClick={callAdmin} unavailable={busy} className={buttonSecondary}>
              Call admin API
            </Button>
          </div>
          <div data-testid="result" aria-live="polite">
            {outcome ? (
              <div className={`rounded-xl px-4 py-3 ring-1 ring-inset ${statusTone(outcome.status)}`}>
                <p className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                  <span className="text-sm font-semibold">{outcome.headline}</span>
                  <span className="min-w-0 font-mono text-xs break-words opacity-80">
                    <PathText text={outcome.request} />
                  </span>
                </p>
                {outcome.detail ? <p className="mt-1 text-sm">{outcome.detail}</p> : null}
              </div>
            ) : (
              // As tall as an answer with a detail line, so that the first answer does not push the column down.
              <p className="flex min-h-[4.5rem] items-center rounded-xl border border-dashed border-slate-300 px-4 py-3 text-sm text-slate-500 dark:border-slate-700 dark:text-slate-400">
                Answers from “Who am I?” and the admin API appear here.{user ? "" : " Try them signed out, too."}
              </p>
            )}
          </div>
        </div>

        {user ? <NotesSection notes={notes} busy={busy} /> : null}

        {/* Keyed by user, like the second service's section below (each key unique among these siblings): another user's start afresh. */}
        {user ? <CredentialInspector key={`inspector-${user.id}`} inspection={client.inspection} onAnswer={noticeUnauthorized} /> : null}

        {user && client.sessions ? <SessionList key={`sessions-${user.id}`} directory={client.sessions} onEndedHere={sessionEndedHere} /> : null}

        {user || lab ? (
          <RevocationSection
            summaryRef={revocationSummary}
            user={user}
            revocation={approach.revocation}
            busy={busy}
            pending={pending === "lab" || pending === "everywhere" || pending === "role" ? pending : null}
            lab={lab}
            roleChange={roleChange}
            onRevokeCopy={revokeCopy}
            onSignOutEverywhere={signOutEverywhere}
            onChangeRole={changeRole}
          />
        ) : null}

        {/* Keyed by who is signed in, so a sign-out or another user's sign-in clears its last answer. */}
        <SecondServiceSection
          key={`second-service-${user?.id ?? "nobody"}`}
          client={client}
          explanation={approach.secondService}
          url={secondServiceUrl}
          onAppAnswer={noticeUnauthorized}
        />

        <RequestLog entries={log} />

        <p className="mt-auto border-t border-slate-100 pt-4 text-sm dark:border-white/10">
          <Link href={approach.aside.href} className={link}>
            {approach.aside.label} →
          </Link>
        </p>
      </div>
    </section>
  );
}
