import { clearSessionCookie } from "@/lib/auth/server-session/cookies";
import { endRequestSession } from "@/lib/auth/server-session/guard";
import { NO_STORE, route } from "@/lib/http";
import { assertSameOrigin } from "@/lib/origin";

// The one approach where logout needs no list of revoked ids: deleting the record is
// the revocation, and every copy of the cookie now points at nothing.
export const POST = route(async (request) => {
  assertSameOrigin(request);
  await endRequestSession(request);
  await clearSessionCookie(request);
  return new Response(null, { status: 204, headers: NO_STORE });
});
