import { requireServerSessionUser } from "@/lib/auth/server-session/guard";
import { NO_STORE, route } from "@/lib/http";

export const GET = route(async (request) => {
  const user = await requireServerSessionUser(request);
  return Response.json({ user }, { headers: NO_STORE });
});
