import { clearSessionCookie } from "@/lib/auth/cookie/cookies";
import { endRequestSession } from "@/lib/auth/cookie/guard";
import { NO_STORE, route } from "@/lib/http";
import { assertSameOrigin } from "@/lib/origin";

// Clearing the cookie only removes the browser's copy; revoking the session id is
// what makes every other copy useless. 204 either way: logout is idempotent.
export const POST = route(async (request) => {
  assertSameOrigin(request);
  await endRequestSession(request);
  await clearSessionCookie(request);
  return new Response(null, { status: 204, headers: NO_STORE });
});
