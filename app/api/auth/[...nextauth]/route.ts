import NextAuth from "next-auth";
import { assertReadableBody, route } from "@/lib/http";
import { authOptions } from "@/lib/auth/nextauth/config";
import { revokeOnSignOut } from "@/lib/auth/nextauth/guard";

// next-auth's own endpoints (/api/auth/csrf, /callback/credentials, /session, /signout).
// Options are built on the first request, so `next build` needs no secrets; a body
// next-auth would choke on (it parses JSON without a try) is refused first, as a 4xx.
// A sign-out revokes the session here first: a store failure must not pass for success.
const handler = route<{ params: Promise<{ nextauth: string[] }> }>(async (request, context) => {
  await assertReadableBody(request);
  const { nextauth } = await context.params;
  if (request.method === "POST" && nextauth.join("/") === "signout") await revokeOnSignOut(request);
  return NextAuth(request, context, authOptions());
});

export { handler as GET, handler as POST };
