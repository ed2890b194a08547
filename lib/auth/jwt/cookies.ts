import "server-only";
import { setCookie } from "../../exchange";
import type { IncomingRequest } from "../../request";
import { refreshCookie } from "./config";
import type { IssuedRefreshToken } from "./session";

/** Sets the refresh cookie on the response being built. */
export async function setRefreshCookie(request: IncomingRequest, refresh: IssuedRefreshToken): Promise<void> {
  const { name, options } = refreshCookie(request);
  await setCookie(name, refresh.token, { ...options, expires: new Date(refresh.expiresAt) });
}

/** Tells the browser to drop the refresh cookie. */
export async function clearRefreshCookie(request: IncomingRequest): Promise<void> {
  const { name, options } = refreshCookie(request);
  await setCookie(name, "", { ...options, maxAge: 0 });
}
