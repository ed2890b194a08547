import { requireServerSessionUser } from "@/lib/auth/server-session/guard";
import { NO_STORE, route } from "@/lib/http";
import { inspectServerSession } from "@/lib/lab/inspect";

// The cookie is HttpOnly: only the server can show the page what it holds, and it shows only its outline.
export const GET = route(async (request) => {
  await requireServerSessionUser(request);
  return Response.json({ credential: inspectServerSession(request) }, { headers: NO_STORE });
});
