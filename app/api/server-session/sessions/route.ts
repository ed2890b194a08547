import { requireServerSession } from "@/lib/auth/server-session/guard";
import { listUserSessions } from "@/lib/auth/server-session/session";
import { NO_STORE, route } from "@/lib/http";

// What only a stateful design can answer: where am I signed in right now?
export const GET = route(async (request) => {
  const { user, session } = await requireServerSession(request);
  const sessions = (await listUserSessions(user.id)).map((s) => ({
    id: s.id,
    current: s.id === session.id,
    createdAt: new Date(s.createdAt).toISOString(),
    lastSeenAt: new Date(s.lastSeenAt).toISOString(),
    userAgent: s.userAgent,
  }));
  return Response.json({ sessions }, { headers: NO_STORE });
});
