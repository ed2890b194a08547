import type { Role } from "../../users";

// next-auth's types, extended with what this app keeps in the session (no casts needed anywhere).
declare module "next-auth" {
  interface User {
    id: string;
    username: string;
    role: Role;
  }

  interface Session {
    user: { id: number; username: string; role: Role };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: number;
    username?: string;
    role?: Role;
    /** Session id: what logout revokes, so a copied cookie stops working. */
    sid?: string;
    /** The user's session version at sign-in; see `signOutEverywhere`. */
    sv?: number;
  }
}
