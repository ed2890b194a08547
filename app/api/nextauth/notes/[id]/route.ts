import { requireNextAuthUser } from "@/lib/auth/nextauth/guard";
import { noteRoutes } from "@/lib/notes-routes";

export const { DELETE } = noteRoutes(requireNextAuthUser);
