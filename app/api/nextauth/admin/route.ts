import { requireNextAuthUser } from "@/lib/auth/nextauth/guard";
import { NO_STORE, route } from "@/lib/http";
import { userStats } from "@/lib/users";

export const GET = route(async (request) => {
  const user = await requireNextAuthUser(request, { role: "admin" });
  return Response.json({ user, stats: userStats() }, { headers: NO_STORE });
});
