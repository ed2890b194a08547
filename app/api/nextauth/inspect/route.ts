import { requireNextAuthUser } from "@/lib/auth/nextauth/guard";
import { NO_STORE, route } from "@/lib/http";
import { inspectNextAuthSession } from "@/lib/lab/inspect";

// The cookie is HttpOnly: only the server can show the page what it holds, and it shows only its outline.
export const GET = route(async (request) => {
  await requireNextAuthUser(request);
  return Response.json({ credential: inspectNextAuthSession(request) }, { headers: NO_STORE });
});
