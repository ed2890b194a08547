import { isApproachId } from "@/lib/approach-ids";
import { isCount, isRecord } from "./guards";
import { toResult, type LoggedFetch, type SendOptions } from "./http";
import type { CredentialAnatomy, CredentialInspection, CredentialPart } from "./types";

// The JWT is read in the browser: only the cookies' anatomy comes from the server.
const isApproach = (value: unknown): value is CredentialAnatomy["approach"] => value !== "jwt" && isApproachId(value);

function parsePart(value: unknown): CredentialPart | null {
  if (!isRecord(value)) return null;
  const { label, purpose, delimiter, length, shown, decoded } = value;
  if (
    typeof label !== "string" ||
    typeof purpose !== "string" ||
    typeof delimiter !== "string" ||
    !isCount(length) ||
    typeof value.public !== "boolean" ||
    typeof shown !== "string" ||
    (decoded !== undefined && typeof decoded !== "string")
  ) {
    return null;
  }
  return { label, purpose, delimiter, length, public: value.public, shown, ...(decoded === undefined ? {} : { decoded }) };
}

function parseCookie(value: unknown): CredentialAnatomy["cookies"][number] | null {
  return isRecord(value) && typeof value.name === "string" && isCount(value.bytes) ? { name: value.name, bytes: value.bytes } : null;
}

/** `{ credential: CredentialAnatomy }`, rebuilt field by field so nothing unchecked rides along. */
function parseAnatomy(body: unknown): CredentialAnatomy | null {
  if (!isRecord(body) || !isRecord(body.credential)) return null;
  const { approach, format, cookies, bytes, parts } = body.credential;
  if (!isApproach(approach) || typeof format !== "string" || !isCount(bytes) || !Array.isArray(cookies) || !Array.isArray(parts)) {
    return null;
  }
  const parsedCookies = cookies.map(parseCookie);
  const parsedParts = parts.map(parsePart);
  if (parsedCookies.some((cookie) => cookie === null) || parsedParts.some((part) => part === null)) return null;
  return {
    approach,
    format,
    bytes,
    cookies: parsedCookies.filter((cookie) => cookie !== null),
    parts: parsedParts.filter((part) => part !== null),
  };
}

/**
 * The inspector's view of an HttpOnly session cookie: script cannot read it, so it
 * asks the server, which answers with the cookie's outline (`GET {base}/inspect`).
 *
 * @example
 * const inspection = cookieInspection(createLoggedFetch(), "/api/cookie", { cookies: ["session-lab"] });
 * const result = await inspection.describe();
 */
export function cookieInspection(http: LoggedFetch, base: string, sent: SendOptions): CredentialInspection {
  return {
    kind: "cookie",
    describe: async () =>
      toResult(await http.send("GET", `${base}/inspect`, { ...sent, note: "inspector: the server outlines the cookie it received" }), parseAnatomy),
  };
}
