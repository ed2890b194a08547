import { requireServerSessionUser } from "@/lib/auth/server-session/guard";
import { notesRoutes } from "@/lib/notes-routes";

export const { GET, POST } = notesRoutes(requireServerSessionUser);
