import { requireCookieUser } from "@/lib/auth/cookie/guard";
import { NO_STORE, route } from "@/lib/http";
import { inspectCookieSession } from "@/lib/lab/inspect";

// The cookie is HttpOnly: only the server can show the page what it holds, and it shows only its outline.
export const GET = route(async (request) => {
  await requireCookieUser(request);
  return Response.json({ credential: inspectCookieSession(request) }, { headers: NO_STORE });
});
