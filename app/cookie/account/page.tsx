import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCookieUser } from "@/lib/auth/cookie/guard";
import { pageRequest } from "@/lib/request";
import { listNotes } from "@/lib/notes";
import { AccountView } from "../../components/account-view";
import { LocalTime } from "../../components/local-time";

export const metadata: Metadata = { title: "Your account" };

// Rendered on the server for each request: the sealed cookie comes with the page
// navigation itself, which is exactly what a bearer token cannot do.
export default async function CookieAccountPage() {
  const auth = await getCookieUser(await pageRequest());
  if (!auth.user) redirect("/cookie?next=/cookie/account");
  const notes = listNotes(auth.user.id);
  const { user, session } = auth;

  return (
    <AccountView
      approach="cookie"
      user={user}
      notes={notes}
      session={{ term: "Session ends", value: <LocalTime dateTime={new Date(session.exp * 1000).toISOString()} /> }}
      columnName="encrypted cookie"
    >
      <p className="mt-1">
        Nothing on this page was fetched by script. Your browser sent the sealed session cookie with the navigation
        itself, and the server opened it, checked it was not revoked, and rendered your notes before replying. A bearer
        token cannot do this: page script cannot add an{" "}
        <code className="font-mono text-[0.8125rem]">Authorization</code> header to a navigation (only a service worker
        could).
      </p>
    </AccountView>
  );
}
