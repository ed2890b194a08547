import { clearRefreshCookie } from "@/lib/auth/jwt/cookies";
import { jwtRevocationLab, revocationLabRoute } from "@/lib/lab/revocation";

export const { POST } = revocationLabRoute(jwtRevocationLab, clearRefreshCookie);
