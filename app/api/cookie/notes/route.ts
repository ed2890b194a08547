import { requireCookieUser } from "@/lib/auth/cookie/guard";
import { notesRoutes } from "@/lib/notes-routes";

export const { GET, POST } = notesRoutes(requireCookieUser);
