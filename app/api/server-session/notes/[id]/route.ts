import { requireServerSessionUser } from "@/lib/auth/server-session/guard";
import { noteRoutes } from "@/lib/notes-routes";

export const { DELETE } = noteRoutes(requireServerSessionUser);
