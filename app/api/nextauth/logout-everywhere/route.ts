import { logoutEverywhereRoute } from "@/lib/account-routes";
import { requireNextAuthUser } from "@/lib/auth/nextauth/guard";

// next-auth clears its own cookie on the next session read, once it sees the session is dead.
export const { POST } = logoutEverywhereRoute(requireNextAuthUser);
