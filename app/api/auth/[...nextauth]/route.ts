import NextAuth from "next-auth";
import { assertReadableBody, route } from "@/lib/http";
import { authOptions } from "@/lib/auth/nextauth/config";

// next-auth's own endpoints (/api/auth/csrf, /callback/credentials, /session, /signout).
// Options are built on the first request, so `next build` needs no secrets; a body
// next-auth would choke on (it parses JSON without a try) is refused first, as a 4xx.
const handler = route<{ params: Promise<{ nextauth: string[] }> }>(async (request, context) => {
  await assertReadableBody(request);
  return NextAuth(request, context, authOptions());
});

export { handler as GET, handler as POST };
