import { redirect } from "next/navigation";
import { getCookieUser } from "@/lib/auth/cookie/guard";
import { pageRequest } from "@/lib/request";
import { listNotes } from "@/lib/notes";

// Rendered on the server for each request: the sealed cookie comes with the page
// navigation itself, which is exactly what a bearer token cannot do.
export default async function CookieAccountPage() {
  const auth = await getCookieUser(await pageRequest());
  if (!auth.user) redirect("/cookie?next=/cookie/account");
  const notes = listNotes(auth.user.id);
  return (
    <main className="mx-auto max-w-2xl p-8">
      <h1 className="text-2xl font-semibold">Your account</h1>
      <p>
        Signed in as {auth.user.username} ({auth.user.role}), {notes.length} notes.
      </p>
    </main>
  );
}
