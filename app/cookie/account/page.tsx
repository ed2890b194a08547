import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCookieUser } from "@/lib/auth/cookie/guard";
import { pageRequest } from "@/lib/request";
import { listNotes } from "@/lib/notes";
import { SignOutButton } from "../../components/sign-out-button";
import { link } from "../../components/ui";

export const metadata: Metadata = { title: "Your account" };

const utc = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

// Rendered on the server for each request: the sealed cookie comes with the page
// navigation itself, which is exactly what a bearer token cannot do.
export default async function CookieAccountPage() {
  const auth = await getCookieUser(await pageRequest());
  if (!auth.user) redirect("/cookie?next=/cookie/account");
  const notes = listNotes(auth.user.id);
  const { user, session } = auth;

  return (
    <div className="mx-auto max-w-3xl px-4 pt-10 pb-16 sm:px-6 sm:pt-14">
      <p className="text-sm">
        <Link href="/cookie" className={link}>
          ← Encrypted cookie
        </Link>
      </p>
      <div className="mt-4 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight text-slate-950">Your account</h1>
          <p className="mt-2 text-slate-600">
            Signed in as {user.username} ({user.role}), {notes.length} {notes.length === 1 ? "note" : "notes"}.
          </p>
        </div>
        <SignOutButton approach="cookie" />
      </div>

      <div className="mt-8 overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
        <div className="h-1 bg-teal-500" aria-hidden="true" />
        <dl className="grid gap-px bg-slate-100 sm:grid-cols-3">
          <div className="bg-white px-5 py-4">
            <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">Username</dt>
            <dd className="mt-1 font-medium text-slate-950">{user.username}</dd>
          </div>
          <div className="bg-white px-5 py-4">
            <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">Role</dt>
            <dd className="mt-1 font-medium text-slate-950">{user.role}</dd>
          </div>
          <div className="bg-white px-5 py-4">
            <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">Session ends</dt>
            <dd className="mt-1 font-medium text-slate-950">
              <time dateTime={new Date(session.exp * 1000).toISOString()}>{utc.format(session.exp * 1000)} UTC</time>
            </dd>
          </div>
        </dl>
      </div>

      <section aria-labelledby="notes-title" className="mt-8">
        <h2 id="notes-title" className="text-lg font-semibold tracking-tight text-slate-950">
          Your notes
        </h2>
        {notes.length === 0 ? (
          <p className="mt-3 rounded-xl border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">
            No notes yet. Add some from the{" "}
            <Link href="/cookie" className={link}>
              encrypted cookie
            </Link>{" "}
            column.
          </p>
        ) : (
          <ul aria-label="Notes" className="mt-3 divide-y divide-slate-100 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
            {notes.map((note) => (
              <li key={note.id} className="px-5 py-3">
                <p className="text-sm break-words whitespace-pre-wrap text-slate-800">{note.text}</p>
                <p className="mt-0.5 text-xs text-slate-500">
                  <time dateTime={note.createdAt}>{utc.format(new Date(note.createdAt))} UTC</time>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="why-title" className="mt-8 rounded-2xl bg-slate-100/70 px-5 py-4 text-sm leading-6 text-slate-700">
        <h2 id="why-title" className="font-semibold text-slate-900">
          Why this page works
        </h2>
        <p className="mt-1">
          Nothing on this page was fetched by script. Your browser sent the sealed session cookie with the navigation
          itself, and the server opened it, checked it was not revoked, and rendered your notes before replying. A bearer
          token cannot do this: a navigation never carries an <code className="font-mono text-[0.8125rem]">Authorization</code>{" "}
          header.
        </p>
      </section>
    </div>
  );
}
