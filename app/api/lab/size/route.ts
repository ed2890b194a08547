import { RequestError } from "@/lib/errors";
import { NO_STORE, readJson, route } from "@/lib/http";
import { loopbackOrigin } from "@/lib/loopback";
import { runSizeLabOnce, sizeLabRequest } from "@/lib/lab/size";
import { assertSameOrigin } from "@/lib/origin";

// Sends each approach's credential, grown by `bytes` of session data, to this very server
// on loopback only: the target is never taken from the request.
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const { bytes } = await readJson(request, sizeLabRequest);
  const report = await runSizeLabOnce(loopbackOrigin(), bytes);
  if (!report) throw new RequestError(409, "Conflict", "The size lab is already running; try again in a moment.");
  return Response.json(report, { headers: NO_STORE });
});
