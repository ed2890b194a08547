import { clearSessionCookie } from "@/lib/auth/cookie/cookies";
import { clearRefreshCookie } from "@/lib/auth/jwt/cookies";
import { RequestError } from "@/lib/errors";
import { NO_STORE, route } from "@/lib/http";
import { cookieRevocationLab, jwtRevocationLab, nextAuthRevocationLab } from "@/lib/lab/revocation";
import { assertSameOrigin } from "@/lib/origin";

const LABS = {
  jwt: { run: jwtRevocationLab, scheme: "bearer", clear: clearRefreshCookie },
  cookie: { run: cookieRevocationLab, scheme: "cookie", clear: clearSessionCookie },
  nextauth: { run: nextAuthRevocationLab, scheme: "cookie", clear: undefined },
} as const;

const isLab = (name: string): name is keyof typeof LABS => Object.hasOwn(LABS, name);

// Time to revocation, measured: the caller's credential is copied, revoked, and the
// copy replayed. The caller is signed out afterwards, as after any logout.
export const POST = route<{ params: Promise<{ approach: string }> }>(async (request, { params }) => {
  const { approach } = await params;
  if (!isLab(approach)) throw new RequestError(404, "Not Found", "There is no such approach.");
  const lab = LABS[approach];
  assertSameOrigin(request, lab.scheme);
  const result = await lab.run(request);
  await lab.clear?.(request);
  return Response.json(result, { headers: NO_STORE });
});
