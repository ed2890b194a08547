import NextAuth from "next-auth";
import { assertReadableBody, route } from "@/lib/http";
import { authOptions } from "@/lib/auth/nextauth/config";
import { revokeOnSignOut } from "@/lib/auth/nextauth/guard";
import { assertSameOrigin } from "@/lib/origin";

// next-auth's own endpoints (/api/auth/csrf, /callback/credentials, /session, /signout).
// Options are built on the first request, so `next build` needs no secrets; a body
// next-auth would choke on (it parses JSON without a try) is refused first, as a 4xx.
const handler = route<{ params: Promise<{ nextauth: string[] }> }>(async (request, context) => {
  await assertReadableBody(request);
  // next-auth takes its action from the first segment alone: /signout/anything signs out too.
  const { nextauth } = await context.params;
  const signingOut = request.method === "POST" && nextauth[0] === "signout";
  if (signingOut) assertSameOrigin(request, "cookie");
  const answer = await NextAuth(request, context, authOptions());
  // The session is revoked before the answer that clears its cookie leaves, or the answer is a 503.
  if (signingOut) await revokeOnSignOut(request, answer);
  return answer;
});

export { handler as GET, handler as POST };
