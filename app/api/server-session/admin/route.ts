import { requireServerSessionUser } from "@/lib/auth/server-session/guard";
import { NO_STORE, route } from "@/lib/http";
import { userStats } from "@/lib/users";

export const GET = route(async (request) => {
  const user = await requireServerSessionUser(request, { role: "admin" });
  return Response.json({ user, stats: userStats() }, { headers: NO_STORE });
});
