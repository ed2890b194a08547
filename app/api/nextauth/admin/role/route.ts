import { roleChangeRoute } from "@/lib/account-routes";
import { requireNextAuthUser } from "@/lib/auth/nextauth/guard";

export const { POST } = roleChangeRoute(requireNextAuthUser);
