import Link from "next/link";
import type { ReactNode } from "react";
import type { Note } from "@/lib/notes";
import type { User } from "@/lib/users";
import { approachById, type ApproachId } from "./approaches";
import { LocalTime } from "./local-time";
import { SignOutButton } from "./sign-out-button";
import { ACCENTS, link, surface } from "./ui";

// The shared frame of every protected account page. The page itself does the auth check and
// reads the notes; this only lays them out, so it never decides who may see them.

/** The third cell of the summary: what this approach can say about the session. */
export interface SessionFact {
  term: string;
  value: ReactNode;
  hint?: ReactNode;
}

interface AccountViewProps {
  approach: ApproachId;
  user: User;
  notes: readonly Note[];
  session: SessionFact;
  /** How the empty state names this approach's column, mid-sentence. */
  columnName: string;
  /** The "Why this page works" paragraphs. */
  children: ReactNode;
}

export function AccountView({ approach: id, user, notes, session, columnName, children }: AccountViewProps) {
  const approach = approachById(id);
  return (
    <div className="mx-auto max-w-3xl px-4 pt-10 pb-16 sm:px-6 sm:pt-14">
      <p className="text-sm">
        <Link href={approach.href} className={link}>
          {`← ${approach.title}`}
        </Link>
      </p>
      <div className="mt-4 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight text-slate-950 dark:text-white">Your account</h1>
          <p className="mt-2 text-slate-600 dark:text-slate-400">
            Signed in as {user.username} ({user.role}), {notes.length} {notes.length === 1 ? "note" : "notes"}.
          </p>
        </div>
        <SignOutButton approach={id} />
      </div>

      <div className={`mt-8 overflow-hidden rounded-2xl ${surface}`}>
        <div className={`h-1 ${ACCENTS[approach.accent].bar}`} aria-hidden="true" />
        <dl className="grid gap-px bg-slate-100 sm:grid-cols-3 dark:bg-white/10">
          <Fact term="Username">{user.username}</Fact>
          <Fact term="Role">{user.role}</Fact>
          <Fact term={session.term} hint={session.hint}>
            {session.value}
          </Fact>
        </dl>
      </div>

      <section aria-labelledby="notes-title" className="mt-8">
        <h2 id="notes-title" className="text-lg font-semibold tracking-tight text-slate-950 dark:text-white">
          Your notes
        </h2>
        {notes.length === 0 ? (
          <p className="mt-3 rounded-xl border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500 dark:border-slate-700 dark:text-slate-400">
            No notes yet. Add some from the{" "}
            <Link href={approach.href} className={link}>
              {columnName}
            </Link>{" "}
            column.
          </p>
        ) : (
          <ul aria-label="Notes" className={`mt-3 divide-y divide-slate-100 rounded-2xl dark:divide-white/10 ${surface}`}>
            {notes.map((note) => (
              <li key={note.id} className="px-5 py-3">
                <p className="text-sm wrap-anywhere whitespace-pre-wrap text-slate-800 dark:text-slate-200">{note.text}</p>
                <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
                  <LocalTime dateTime={note.createdAt} />
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="why-title" className="mt-8 rounded-2xl bg-slate-100/70 px-5 py-4 text-sm leading-6 text-slate-700 dark:bg-slate-900/60 dark:text-slate-300 dark:ring-1 dark:ring-white/10">
        <h2 id="why-title" className="font-semibold text-slate-900 dark:text-white">
          Why this page works
        </h2>
        {children}
      </section>
    </div>
  );
}

function Fact({ term, hint, children }: { term: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="bg-white px-5 py-4 dark:bg-slate-900">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">{term}</dt>
      <dd className="mt-1 font-medium text-slate-950 dark:text-white">{children}</dd>
      {hint ? <dd className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">{hint}</dd> : null}
    </div>
  );
}
