import { roleChangeRoute } from "@/lib/account-routes";
import { requireCookieUser } from "@/lib/auth/cookie/guard";

export const { POST } = roleChangeRoute(requireCookieUser);
