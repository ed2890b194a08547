import { createHash } from "node:crypto";
import { encode } from "next-auth/jwt";
import { authorizeCredentials, jwtCallback } from "@/lib/auth/nextauth/session";
import { request } from "./requests";

export const nextAuthSecret = () => process.env.NEXTAUTH_SECRET ?? "";

/** A CSRF token and the `next-auth.csrf-token` cookie value that pass next-auth's double-submit check. */
export function csrfPair(token = "c".repeat(64)) {
  return { token, cookie: `${token}|${createHash("sha256").update(`${token}${nextAuthSecret()}`).digest("hex")}` };
}

/** next-auth's session cookie for `username`, as its sign-in would make it (jwt callback, then encode). */
export async function sessionCookie(username: string, { maxAge = 3600 } = {}) {
  const user = await authorizeCredentials({ username, password: "correct-horse-battery-staple" });
  if (!user) throw new Error("expected a user");
  const token = await jwtCallback({ token: {}, user, account: null, trigger: "signIn" });
  return { token, value: await encode({ token, secret: nextAuthSecret(), maxAge }) };
}

/** `GET /api/nextauth/me`, with `cookie` as its Cookie header if given. */
export const me = (cookie?: string) => request("/api/nextauth/me", { headers: cookie ? { cookie } : {} });
