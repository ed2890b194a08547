import { NO_STORE, readJson, route } from "@/lib/http";
import { loopbackOrigin } from "@/lib/loopback";
import { sizeLabReport, sizeLabRequest } from "@/lib/lab/size";
import { assertSameOrigin } from "@/lib/origin";

// Sends each approach's credential, grown by `bytes` of session data, to this very server
// on loopback only: the target is never taken from the request. One run at a time, and at
// most so many in a while (lib/lab/size.ts): 409 or 429 otherwise.
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const { bytes } = await readJson(request, sizeLabRequest);
  return Response.json(await sizeLabReport(loopbackOrigin(), bytes), { headers: NO_STORE });
});
