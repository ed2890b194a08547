import { clearSessionCookie } from "@/lib/auth/server-session/cookies";
import { requireServerSession } from "@/lib/auth/server-session/guard";
import { findUserSession, invalidateSession } from "@/lib/auth/server-session/session";
import { RequestError } from "@/lib/errors";
import { NO_STORE, route } from "@/lib/http";

// Revokes one of the caller's own sessions (another device, say): gone at once.
export const DELETE = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { user, session } = await requireServerSession(request); // a DELETE: cross-site ones are refused
  const { id } = await params;
  if (!(await findUserSession(user.id, id))) throw new RequestError(404, "Not Found", "There is no such session of yours.");
  await invalidateSession(id);
  // This device's own: as at logout, the browser is told to drop a cookie that now names nothing.
  if (id === session.id) await clearSessionCookie(request);
  return new Response(null, { status: 204, headers: NO_STORE });
});
