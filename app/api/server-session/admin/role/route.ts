import { roleChangeRoute } from "@/lib/account-routes";
import { requireServerSessionUser } from "@/lib/auth/server-session/guard";

export const { POST } = roleChangeRoute(requireServerSessionUser);
