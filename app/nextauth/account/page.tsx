import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/nextauth/config";
import { getNextAuthUser } from "@/lib/auth/nextauth/guard";
import { pageRequest } from "@/lib/request";
import { listNotes } from "@/lib/notes";
import { SignOutButton } from "../../components/sign-out-button";
import { link } from "../../components/ui";

export const metadata: Metadata = { title: "Your account" };

const utc = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function duration(seconds: number): string {
  const [amount, unit] = seconds % 3600 === 0 ? [seconds / 3600, "hour"] : [Math.round(seconds / 60), "minute"];
  return `${amount} ${unit}${amount === 1 ? "" : "s"}`;
}

// Rendered on the server for each request from next-auth's cookie, which comes with the
// page navigation. Reading it here cannot roll its expiry forward: next-auth gives a
// server component no way to write a cookie.
export default async function NextAuthAccountPage() {
  const auth = await getNextAuthUser(await pageRequest());
  if (!auth.user) redirect("/nextauth?next=/nextauth/account");
  const notes = listNotes(auth.user.id);
  const { user } = auth;

  return (
    <div className="mx-auto max-w-3xl px-4 pt-10 pb-16 sm:px-6 sm:pt-14">
      <p className="text-sm">
        <Link href="/nextauth" className={link}>
          ← next-auth
        </Link>
      </p>
      <div className="mt-4 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight text-slate-950">Your account</h1>
          <p className="mt-2 text-slate-600">
            Signed in as {user.username} ({user.role}), {notes.length} {notes.length === 1 ? "note" : "notes"}.
          </p>
        </div>
        <SignOutButton approach="nextauth" />
      </div>

      <div className="mt-8 overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
        <div className="h-1 bg-sky-500" aria-hidden="true" />
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
            <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">Session lasts</dt>
            <dd className="mt-1 font-medium text-slate-950">{duration(SESSION_MAX_AGE_SECONDS())}</dd>
            <dd className="mt-0.5 text-xs text-slate-500">
              from the last <code className="font-mono">/api/auth/session</code> read
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
            <Link href="/nextauth" className={link}>
              next-auth
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
          Nothing on this page was fetched by script. Your browser sent next-auth&apos;s session cookie with the
          navigation itself, and the server decrypted the JWT inside it, checked the session had not been revoked, and
          rendered your notes before replying.
        </p>
        <p className="mt-2">
          One thing it could not do is push your session&apos;s end further away. next-auth only writes a fresh cookie
          when the browser calls <code className="font-mono text-[0.8125rem]">/api/auth/session</code>, which the{" "}
          <Link href="/nextauth#expiry" className={link}>
            next-auth column
          </Link>{" "}
          does each time it loads. A server-rendered page reads the cookie but has no way to replace it.
        </p>
      </section>
    </div>
  );
}
