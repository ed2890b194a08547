import { readRefreshCookie } from "@/lib/auth/jwt/config";
import { clearRefreshCookie, setRefreshCookie } from "@/lib/auth/jwt/cookies";
import { refreshSession } from "@/lib/auth/jwt/session";
import { AuthError } from "@/lib/errors";
import { NO_STORE, route } from "@/lib/http";
import { assertSameOrigin } from "@/lib/origin";

export const POST = route(async (request) => {
  assertSameOrigin(request);
  const presented = readRefreshCookie(request);
  if (presented.value === null) throw new AuthError(presented.reason, "cookie");

  const refreshed = await refreshSession(presented.value);
  if (!refreshed.ok) {
    await clearRefreshCookie(request);
    throw new AuthError(refreshed.reason, "cookie");
  }
  await setRefreshCookie(request, refreshed.refresh);
  const { token, expiresIn } = refreshed.access;
  return Response.json({ access_token: token, token_type: "Bearer", expires_in: expiresIn }, { headers: NO_STORE });
});
