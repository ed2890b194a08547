import "server-only";
import { setCookie } from "../../exchange";
import type { IncomingRequest } from "../../request";
import { sessionCookie } from "./config";

/** Sets the sealed session cookie on the response being built. */
export async function setSessionCookie(request: IncomingRequest, seal: string): Promise<void> {
  const { name, options } = sessionCookie(request);
  await setCookie(name, seal, options);
}

/** Tells the browser to drop the session cookie (copies elsewhere need {@link revokeSession}). */
export async function clearSessionCookie(request: IncomingRequest): Promise<void> {
  const { name, options } = sessionCookie(request);
  await setCookie(name, "", { ...options, maxAge: 0 });
}
