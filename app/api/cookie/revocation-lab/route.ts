import { clearSessionCookie } from "@/lib/auth/cookie/cookies";
import { cookieRevocationLab, revocationLabRoute } from "@/lib/lab/revocation";

export const { POST } = revocationLabRoute(cookieRevocationLab, clearSessionCookie);
