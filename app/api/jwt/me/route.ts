import { requireJwtUser } from "@/lib/auth/jwt/guard";
import { NO_STORE, route } from "@/lib/http";

export const GET = route(async (request) => {
  const user = await requireJwtUser(request);
  return Response.json({ user }, { headers: NO_STORE });
});
