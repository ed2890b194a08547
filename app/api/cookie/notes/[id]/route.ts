import { requireCookieUser } from "@/lib/auth/cookie/guard";
import { noteRoutes } from "@/lib/notes-routes";

export const { DELETE } = noteRoutes(requireCookieUser);
