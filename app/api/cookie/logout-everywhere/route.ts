import { logoutEverywhereRoute } from "@/lib/account-routes";
import { clearSessionCookie } from "@/lib/auth/cookie/cookies";
import { requireCookieUser } from "@/lib/auth/cookie/guard";

export const { POST } = logoutEverywhereRoute(requireCookieUser, clearSessionCookie);
