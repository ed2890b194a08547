import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { sessionMaxAgeSeconds } from "@/lib/auth/nextauth/config";
import { getNextAuthUser } from "@/lib/auth/nextauth/guard";
import { describeDuration } from "@/lib/duration";
import { pageRequest } from "@/lib/request";
import { listNotes } from "@/lib/notes";
import { AccountView } from "../../components/account-view";
import { link } from "../../components/ui";

export const metadata: Metadata = { title: "Your account" };

// Rendered on the server for each request from next-auth's cookie, which comes with the
// page navigation. Reading it here cannot roll its expiry forward: next-auth gives a
// server component no way to write a cookie.
export default async function NextAuthAccountPage() {
  const auth = await getNextAuthUser(await pageRequest());
  if (!auth.user) redirect("/nextauth?next=/nextauth/account");
  const notes = listNotes(auth.user.id);
  const { user } = auth;

  return (
    <AccountView
      approach="nextauth"
      user={user}
      notes={notes}
      session={{
        term: "Session lasts",
        value: describeDuration(sessionMaxAgeSeconds()),
        hint: (
          <>
            from the last <code className="font-mono">/api/auth/session</code> read
          </>
        ),
      }}
      columnName="next-auth"
    >
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
    </AccountView>
  );
}
