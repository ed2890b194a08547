import { setSessionCookie } from "@/lib/auth/cookie/cookies";
import { endRequestSession } from "@/lib/auth/cookie/guard";
import { sealSession } from "@/lib/auth/cookie/session";
import { NO_STORE, readJson, route } from "@/lib/http";
import { assertSameOrigin } from "@/lib/origin";
import { signIn } from "@/lib/throttle";
import { credentialsSchema } from "@/lib/users";

export const POST = route(async (request) => {
  assertSameOrigin(request); // it sets a cookie: no signing-in from another site
  const { username, password } = await readJson(request, credentialsSchema);
  const user = await signIn(username, password, request); // 401 for wrong credentials, 429 past the limits
  await endRequestSession(request); // OWASP: a sign-in invalidates the session it replaces, whoever's it was
  const { seal } = await sealSession(user);
  await setSessionCookie(request, seal);
  return Response.json({ user }, { headers: NO_STORE });
});
