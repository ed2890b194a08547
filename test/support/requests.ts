import { NextRequest } from "next/server";

export const ORIGIN = "http://localhost:3000";

/** A request as route handlers and guards receive it. */
export function request(
  pathname: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> } = {},
): NextRequest {
  return new NextRequest(new URL(pathname, ORIGIN), { method: init.method ?? "GET", headers: init.headers, body: init.body });
}
