import { getServerSessionUser } from "@/lib/auth/server-session/guard";
import { listUserSessions } from "@/lib/auth/server-session/session";
import { AuthError } from "@/lib/errors";
import { NO_STORE, route } from "@/lib/http";

// What only a stateful design can answer: where am I signed in right now?
export const GET = route(async (request) => {
  const auth = await getServerSessionUser(request);
  if (!auth.user) throw new AuthError(auth.reason, "cookie");
  const sessions = (await listUserSessions(auth.user.id)).map((s) => ({
    id: s.id,
    current: s.id === auth.session.id,
    createdAt: new Date(s.createdAt).toISOString(),
    lastSeenAt: new Date(s.lastSeenAt).toISOString(),
    userAgent: s.userAgent,
  }));
  return Response.json({ sessions }, { headers: NO_STORE });
});
