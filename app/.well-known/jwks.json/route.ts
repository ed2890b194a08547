import { connection } from "next/server";
import { signingKeys } from "@/lib/auth/jwt/keys";
import { route } from "@/lib/http";

// Public halves only: any service can verify our access tokens without a shared secret.
export const GET = route(async () => {
  // Read per request, never at build: nothing here reads the request, so without this a
  // build could prerender the key set it saw (with `cacheComponents` it does, and forbids
  // `dynamic = "force-dynamic"`), and publish a key the server does not sign with.
  await connection();
  const { jwks } = await signingKeys();
  return Response.json(jwks, { headers: { "Cache-Control": "public, max-age=300" } });
});
