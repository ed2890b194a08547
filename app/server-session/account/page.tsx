import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getServerSessionUser } from "@/lib/auth/server-session/guard";
import { pageRequest } from "@/lib/request";
import { listNotes } from "@/lib/notes";
import { AccountView } from "../../components/account-view";
import { LocalTime } from "../../components/local-time";
import { link } from "../../components/ui";

export const metadata: Metadata = { title: "Your account" };

// Rendered on the server for each request: the session id cookie comes with the page
// navigation, and the store says whose session it is (and whether it still exists).
export default async function ServerSessionAccountPage() {
  const auth = await getServerSessionUser(await pageRequest());
  if (!auth.user) redirect("/server-session?next=/server-session/account");
  const notes = listNotes(auth.user.id);
  const { user, session } = auth;

  return (
    <AccountView
      approach="server-session"
      user={user}
      notes={notes}
      session={{
        term: "Session ends (idle)",
        value: <LocalTime dateTime={new Date(session.idleExpiresAt).toISOString()} />,
        hint: (
          <>
            unless you stay active; at the latest <LocalTime dateTime={new Date(session.absoluteExpiresAt).toISOString()} />
          </>
        ),
      }}
      columnName="server session"
    >
      <p className="mt-1">
        Nothing on this page was fetched by script. Your browser sent the session id cookie with the navigation itself;
        the server looked the id up in its store, checked the secret against the stored hash, and rendered your notes
        before replying. The cookie says nothing by itself: it is the record that makes you you.
      </p>
      <p className="mt-2">
        So this page ends the moment the record does. Sign out in another tab, or revoke this session from the list in
        the{" "}
        <Link href="/server-session" className={link}>
          server session column
        </Link>{" "}
        on another device, and the next load of this page sends you to sign in.
      </p>
    </AccountView>
  );
}
