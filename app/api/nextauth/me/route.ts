import { requireNextAuthUser } from "@/lib/auth/nextauth/guard";
import { NO_STORE, route } from "@/lib/http";

export const GET = route(async (request) => {
  const user = await requireNextAuthUser(request);
  return Response.json({ user }, { headers: NO_STORE });
});
