import { clearSessionCookie } from "@/lib/auth/server-session/cookies";
import { getServerSessionUser } from "@/lib/auth/server-session/guard";
import { invalidateSession } from "@/lib/auth/server-session/session";
import { NO_STORE, route } from "@/lib/http";
import { assertSameOrigin } from "@/lib/origin";

// The one approach where logout needs no list of revoked ids: deleting the record is
// the revocation, and every copy of the cookie now points at nothing.
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const auth = await getServerSessionUser(request);
  if (auth.user) await invalidateSession(auth.session.id);
  await clearSessionCookie(request);
  return new Response(null, { status: 204, headers: NO_STORE });
});
