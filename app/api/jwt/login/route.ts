import { setRefreshCookie } from "@/lib/auth/jwt/cookies";
import { endRequestSession } from "@/lib/auth/jwt/guard";
import { startSession } from "@/lib/auth/jwt/session";
import { NO_STORE, readJson, route } from "@/lib/http";
import { assertSameOrigin } from "@/lib/origin";
import { signIn } from "@/lib/throttle";
import { credentialsSchema } from "@/lib/users";

export const POST = route(async (request) => {
  assertSameOrigin(request); // it sets a cookie: no signing-in from another site
  const { username, password } = await readJson(request, credentialsSchema);
  const user = await signIn(username, password, request); // 401 for wrong credentials, 429 past the limits
  await endRequestSession(request); // OWASP: a sign-in invalidates the session it replaces, whoever's it was
  const { access, refresh } = await startSession(user);
  await setRefreshCookie(request, refresh);
  return Response.json({ access_token: access.token, token_type: "Bearer", expires_in: access.expiresIn }, { headers: NO_STORE });
});
