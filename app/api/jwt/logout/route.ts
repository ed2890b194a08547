import { clearRefreshCookie } from "@/lib/auth/jwt/cookies";
import { endRequestSession } from "@/lib/auth/jwt/guard";
import { NO_STORE, route } from "@/lib/http";
import { assertSameOrigin } from "@/lib/origin";

// Idempotent: whatever credentials came along stop working, and the answer is 204 either way.
export const POST = route(async (request) => {
  assertSameOrigin(request);
  await endRequestSession(request);
  await clearRefreshCookie(request);
  return new Response(null, { status: 204, headers: NO_STORE });
});
