import "server-only";
import { setCookie } from "../../exchange";
import { canUseSecureCookies, isHttps } from "../../origin";
import type { IncomingRequest } from "../../request";
import { REFRESH_COOKIE_NAME, REFRESH_COOKIE_OPTIONS } from "./config";
import type { IssuedRefreshToken } from "./session";

// `__Host-` would demand Path=/, and this cookie's narrow path matters more;
// `__Secure-` still guarantees it was set over https.
function refreshCookie(request: Pick<IncomingRequest, "url" | "headers">) {
  const url = new URL(request.url);
  return {
    name: isHttps(url, request.headers) ? `__Secure-${REFRESH_COOKIE_NAME}` : REFRESH_COOKIE_NAME,
    options: { ...REFRESH_COOKIE_OPTIONS, secure: canUseSecureCookies(url, request.headers) },
  };
}

/** The refresh token this request carries, if any. */
export function readRefreshCookie(request: IncomingRequest): string | undefined {
  return request.cookies.get(refreshCookie(request).name)?.value;
}

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
