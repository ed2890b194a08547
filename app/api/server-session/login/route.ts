import { clearSessionCookie, setSessionCookie } from "@/lib/auth/server-session/cookies";
import { createSession } from "@/lib/auth/server-session/session";
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
  const { token } = await createSession(user, request.headers.get("user-agent"));
  await setSessionCookie(request, token);
  return Response.json({ user }, { headers: NO_STORE });
});
