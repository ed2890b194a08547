import "server-only";
import { cookies, headers } from "next/headers";
import { requestedOrigin } from "./origin";

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
  // A request whose headers name no origin is refused before it reaches a page
  // (lib/unparsable.ts); what Next.js fills in itself when Host is missing may still be none.
  const origin = requestedOrigin(headerList) ?? "http://localhost";
  return { url: `${origin}/`, method: "GET", headers: headerList, cookies: cookieStore };
}
