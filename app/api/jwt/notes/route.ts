import { requireJwtUser } from "@/lib/auth/jwt/guard";
import { notesRoutes } from "@/lib/notes-routes";

export const { GET, POST } = notesRoutes(requireJwtUser);
