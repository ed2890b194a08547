import { requireCookieUser } from "@/lib/auth/cookie/guard";
import { NO_STORE, route } from "@/lib/http";

export const GET = route(async (request) => {
  const user = await requireCookieUser(request);
  return Response.json({ user }, { headers: NO_STORE });
});
