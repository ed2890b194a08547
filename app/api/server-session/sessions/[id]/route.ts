import { clearSessionCookie } from "@/lib/auth/server-session/cookies";
import { getServerSessionUser } from "@/lib/auth/server-session/guard";
import { findUserSession, invalidateSession } from "@/lib/auth/server-session/session";
import { AuthError, RequestError } from "@/lib/errors";
import { NO_STORE, route } from "@/lib/http";
import { assertSameOrigin } from "@/lib/origin";

// Revokes one of the caller's own sessions (another device, say): gone at once.
export const DELETE = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  assertSameOrigin(request, "cookie");
  const auth = await getServerSessionUser(request);
  if (!auth.user) throw new AuthError(auth.reason, "cookie");
  const { id } = await params;
  if (!(await findUserSession(auth.user.id, id))) throw new RequestError(404, "Not Found", "There is no such session of yours.");
  await invalidateSession(id);
  // This device's own: as at logout, the browser is told to drop a cookie that now names nothing.
  if (id === auth.session.id) await clearSessionCookie(request);
  return new Response(null, { status: 204, headers: NO_STORE });
});
