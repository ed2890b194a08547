import { clearSessionCookie, setSessionCookie } from "@/lib/auth/cookie/cookies";
import { sealSession } from "@/lib/auth/cookie/session";
import { InvalidCredentialsError } from "@/lib/errors";
import { NO_STORE, readJson, route } from "@/lib/http";
import { assertSameOrigin } from "@/lib/origin";
import { authenticate, credentialsSchema } from "@/lib/users";

export const POST = route(async (request) => {
  assertSameOrigin(request, "cookie"); // it sets a cookie: no signing-in from another site
  const { username, password } = await readJson(request, credentialsSchema);
  const user = await authenticate(username, password);
  if (!user) {
    await clearSessionCookie(request);
    throw new InvalidCredentialsError();
  }
  const { seal } = await sealSession(user);
  await setSessionCookie(request, seal);
  return Response.json({ user }, { headers: NO_STORE });
});
