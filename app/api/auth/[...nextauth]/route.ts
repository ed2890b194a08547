import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { NO_STORE, peekJsonBody, problem, route } from "@/lib/http";
import { authOptions, readSessionCookie } from "@/lib/auth/nextauth/config";
import { refuseWhatNextAuthCannotRead, revokeOnSignIn, revokeOnSignOut } from "@/lib/auth/nextauth/endpoint-checks";
import { failingClosedOnOutage } from "@/lib/auth/nextauth/session";
import { assertSameOrigin } from "@/lib/origin";

/**
 * The next-auth endpoints a Credentials-only setup uses, by the first path segment (next-auth
 * reads its action from that alone), with their methods. Anything else is refused here:
 * next-auth answers it with plain text naming itself, a 500 (`GET /callback/credentials`), or
 * — for `POST /_log` — by writing whatever the caller sent into the server's log.
 */
const ENDPOINTS: Record<string, readonly ("GET" | "POST")[]> = {
  csrf: ["GET"],
  providers: ["GET"],
  session: ["GET"], // POST is next-auth's session update, which this app never uses
  signin: ["GET"], // redirects to this app's /nextauth page
  error: ["GET"], // likewise, with the error's name
  signout: ["GET", "POST"], // GET: next-auth's confirmation page, where a failed CSRF check lands
  callback: ["POST"], // only as /callback/credentials: the one provider
};

// Options are built on the first request, so `next build` needs no secrets; a body
// next-auth would choke on (it parses JSON without a try) is refused first, as a 4xx.
const handler = route<{ params: Promise<{ nextauth: string[] }> }>(async (request, context) => {
  const { nextauth } = await context.params;
  const [action = "", provider] = nextauth;
  const methods = Object.hasOwn(ENDPOINTS, action) ? ENDPOINTS[action] : undefined;
  if (!methods || (action === "callback" && (provider !== "credentials" || nextauth.length > 2))) {
    return problem({ status: 404, title: "Not Found", detail: "There is no such next-auth endpoint." });
  }
  const allow = [...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"].sort().join(", ");
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: { Allow: allow } });
  const method = request.method === "HEAD" ? "GET" : request.method;
  if (!methods.some((allowed) => allowed === method)) {
    return problem({ status: 405, title: "Method Not Allowed", detail: `Use ${methods.join(" or ")}.`, headers: { Allow: allow } });
  }
  const body = await peekJsonBody(request);
  const refused = refuseWhatNextAuthCannotRead(request, nextauth, body);
  if (refused) return refused;
  // Signing in and out set a cookie: from this site only, as the other approaches' logins and
  // logouts (next-auth's CSRF token guards both as well).
  if (method === "POST") assertSameOrigin(request);
  // A session cookie whose name came twice signs nobody in, here as at /api/nextauth/ (next-auth
  // itself would read the last copy): next-auth's own answer for no session.
  if (action === "session" && readSessionCookie(request).reason === "malformed") return Response.json({}, { headers: NO_STORE });
  const signingIn = action === "callback" && method === "POST";
  const signingOut = action === "signout" && method === "POST";
  // next-auth answers HEAD with a 400: it gets the GET it stands for (Next.js drops the body).
  const asked = request.method === "HEAD" ? new NextRequest(request.url, { method: "GET", headers: request.headers }) : request;
  // An outage its callbacks meet (the store down, sign-ins too many to check) is a 503, not
  // next-auth's "signed out" or an error named in its URL (lib/auth/nextauth/session.ts).
  const answer = await failingClosedOnOutage(() => NextAuth(asked, context, authOptions()));
  // The session the request carried is revoked before the answer that replaces or clears its
  // cookie leaves, or the answer is a 503. A sign-in ends it too (OWASP: on login, invalidate
  // the previous session), whoever's it was.
  if (signingIn) await revokeOnSignIn(request, answer);
  if (signingOut) await revokeOnSignOut(request, answer);
  return answer;
});

// Every method, so that this route's own 405 and OPTIONS name what each endpoint takes.
export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
