import { logoutEverywhereRoute } from "@/lib/account-routes";
import { clearSessionCookie } from "@/lib/auth/server-session/cookies";
import { requireServerSessionUser } from "@/lib/auth/server-session/guard";

export const { POST } = logoutEverywhereRoute(requireServerSessionUser, clearSessionCookie);
