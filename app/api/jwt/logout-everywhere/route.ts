import { logoutEverywhereRoute } from "@/lib/account-routes";
import { clearRefreshCookie } from "@/lib/auth/jwt/cookies";
import { requireJwtUser } from "@/lib/auth/jwt/guard";

export const { POST } = logoutEverywhereRoute(requireJwtUser, clearRefreshCookie);
