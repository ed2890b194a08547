import "server-only";
import { setCookie } from "../../exchange";
import type { IncomingRequest } from "../../request";
import { sessionCookie } from "./config";

/** Sets the session cookie (`id.secret`) on the response being built. */
export async function setSessionCookie(request: IncomingRequest, token: string): Promise<void> {
  const { name, options } = sessionCookie(request);
  await setCookie(name, token, options);
}

/** Tells the browser to drop the session cookie (copies elsewhere need {@link invalidateSession}). */
export async function clearSessionCookie(request: IncomingRequest): Promise<void> {
  const { name, options } = sessionCookie(request);
  await setCookie(name, "", { ...options, maxAge: 0 });
}
