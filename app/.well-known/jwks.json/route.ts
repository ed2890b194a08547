import { signingKeys } from "@/lib/auth/jwt/keys";
import { route } from "@/lib/http";

export const dynamic = "force-dynamic";

// Public halves only: any service can verify our access tokens without a shared secret.
export const GET = route(async () => {
  const { jwks } = await signingKeys();
  return Response.json(jwks, { headers: { "Cache-Control": "public, max-age=300" } });
});
