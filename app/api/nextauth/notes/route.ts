import { requireNextAuthUser } from "@/lib/auth/nextauth/guard";
import { notesRoutes } from "@/lib/notes-routes";

export const { GET, POST } = notesRoutes(requireNextAuthUser);
