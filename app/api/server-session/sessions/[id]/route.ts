import { requireServerSessionUser } from "@/lib/auth/server-session/guard";
import { invalidateSession, listUserSessions } from "@/lib/auth/server-session/session";
import { RequestError } from "@/lib/errors";
import { NO_STORE, route } from "@/lib/http";

// Revokes one of the caller's own sessions (another device, say): gone at once.
export const DELETE = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const user = await requireServerSessionUser(request);
  const { id } = await params;
  const owned = (await listUserSessions(user.id)).some((session) => session.id === id);
  if (!owned) throw new RequestError(404, "Not Found", "There is no such session of yours.");
  await invalidateSession(id);
  return new Response(null, { status: 204, headers: NO_STORE });
});
