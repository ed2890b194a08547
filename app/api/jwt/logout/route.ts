import { readRefreshCookie } from "@/lib/auth/jwt/config";
import { clearRefreshCookie } from "@/lib/auth/jwt/cookies";
import { getJwtUser } from "@/lib/auth/jwt/guard";
import { revokeAccessToken, revokeRefreshToken } from "@/lib/auth/jwt/session";
import { NO_STORE, route } from "@/lib/http";
import { assertSameOrigin } from "@/lib/origin";

// Idempotent: whatever credentials came along stop working, and the answer is 204 either way.
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const refresh = readRefreshCookie(request);
  if (refresh) await revokeRefreshToken(refresh);
  const auth = await getJwtUser(request);
  if (auth.user) await revokeAccessToken(auth.claims);
  await clearRefreshCookie(request);
  return new Response(null, { status: 204, headers: NO_STORE });
});
