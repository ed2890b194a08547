import { roleChangeRoute } from "@/lib/account-routes";
import { requireJwtUser } from "@/lib/auth/jwt/guard";

export const { POST } = roleChangeRoute(requireJwtUser);
