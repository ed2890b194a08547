import "server-only";
import { cookies, headers } from "next/headers";

/**
 * What a guard needs to see of a request. A `NextRequest` (route handlers, the proxy)
 * is one; {@link pageRequest} builds one for server components.
 */
export interface IncomingRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Pick<Headers, "get">;
  readonly cookies: { get(name: string): { value: string } | undefined };
}

/** The request a server component is rendering, in the shape the guards take. */
export async function pageRequest(): Promise<IncomingRequest> {
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  const protocol = headerList.get("x-forwarded-proto")?.split(",")[0] ?? "http";
  const host = headerList.get("x-forwarded-host") ?? headerList.get("host") ?? "localhost";
  return { url: `${protocol}://${host}/`, method: "GET", headers: headerList, cookies: cookieStore };
}
