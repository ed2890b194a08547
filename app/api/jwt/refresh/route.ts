import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from "@/lib/auth/jwt/cookies";
import { issueAccessToken, rotateRefreshToken } from "@/lib/auth/jwt/session";
import { AuthError } from "@/lib/errors";
import { NO_STORE, route } from "@/lib/http";
import { assertSameOrigin } from "@/lib/origin";
import { findUserById } from "@/lib/users";

export const POST = route(async (request) => {
  assertSameOrigin(request, "cookie");
  const presented = readRefreshCookie(request);
  if (!presented) throw new AuthError("missing", "cookie");

  const rotation = await rotateRefreshToken(presented);
  const user = rotation.ok ? findUserById(rotation.userId) : null;
  if (!rotation.ok || !user) {
    await clearRefreshCookie(request);
    throw new AuthError(rotation.ok ? "invalid" : rotation.reason, "cookie");
  }
  await setRefreshCookie(request, rotation.refresh);
  // Under the version the family was just checked against, not whatever the store says by now.
  const { token, expiresIn } = await issueAccessToken(user, { sessionVersion: rotation.sessionVersion });
  return Response.json({ access_token: token, token_type: "Bearer", expires_in: expiresIn }, { headers: NO_STORE });
});
