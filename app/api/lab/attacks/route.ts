import { RequestError } from "@/lib/errors";
import { NO_STORE, route } from "@/lib/http";
import { loopbackOrigin, runAttackLabOnce } from "@/lib/lab/attacks";
import { assertSameOrigin } from "@/lib/origin";

// Runs the attack catalog as real HTTP requests to this very server, on loopback only:
// the target is never taken from the request, so this cannot be pointed elsewhere.
export const POST = route(async (request) => {
  assertSameOrigin(request, "cookie");
  const report = await runAttackLabOnce(loopbackOrigin());
  if (!report) throw new RequestError(409, "Conflict", "The lab is already running; try again in a moment.");
  return Response.json(report, { headers: NO_STORE });
});
