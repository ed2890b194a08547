import { clearSessionCookie } from "@/lib/auth/server-session/cookies";
import { revocationLabRoute, serverSessionRevocationLab } from "@/lib/lab/revocation";

export const { POST } = revocationLabRoute(serverSessionRevocationLab, clearSessionCookie);
