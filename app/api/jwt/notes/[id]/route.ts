import { requireJwtUser } from "@/lib/auth/jwt/guard";
import { noteRoutes } from "@/lib/notes-routes";

export const { DELETE } = noteRoutes(requireJwtUser);
