import { NO_STORE, route } from "@/lib/http";
import { attackLabReport } from "@/lib/lab/attacks";
import { assertSameOrigin } from "@/lib/origin";

// Runs the attack catalog as real HTTP requests to this very server, on loopback only:
// the target is never taken from the request, so this cannot be pointed elsewhere.
export const POST = route(async (request) => {
  assertSameOrigin(request);
  return Response.json(await attackLabReport(), { headers: NO_STORE });
});
