import { isCount, isRecord } from "./guards";

/** One `Server-Timing` entry: `auth;dur=0.090;desc="jwtVerify"`. */
export interface TimingMetric {
  name: string;
  milliseconds: number;
  description: string;
}

export interface WireCookie {
  name: string;
  bytes: number;
  /** The first few characters only (shown with "…"): the server never sends a usable value back. */
  preview: string;
}

export interface WireSetCookie {
  name: string;
  bytes: number;
  attributes: string;
  cleared: boolean;
}

/** What the server saw come in and sent out, as `Session-Lab-Wire` describes it. */
export interface WireReport {
  authorization: { scheme: string; bytes: number; preview: string } | null;
  cookieHeaderBytes: number;
  cookies: WireCookie[];
  /** Cookies past the first 16, counted but not described. */
  cookiesNotDescribed: number;
  setCookies: WireSetCookie[];
}

/** Everything the request inspector shows for one exchange, beside status and time. */
export interface Inspection {
  timing: TimingMetric[];
  wwwAuthenticate: string | null;
  wire: WireReport | null;
}

/** Sent with every call the columns make, so the server describes the exchange back. */
export const INSPECT_REQUEST_HEADER = { "Session-Lab-Inspect": "1" } as const;

export function inspect(headers: Headers): Inspection {
  return {
    timing: parseServerTiming(headers.get("server-timing")),
    wwwAuthenticate: headers.get("www-authenticate"),
    wire: parseWire(headers.get("session-lab-wire")),
  };
}

/** What went out with a request besides its body, for the log's line about it. */
export interface Sent {
  /** What this page put on the request itself: `Authorization: Bearer eyJhb…`, or the password. */
  credential?: string;
  /** The HttpOnly cookies the browser adds if it holds them, by name (no `__Host-` prefix, no chunk number). */
  cookies?: readonly string[];
}

// `__Host-session-lab` over https, `next-auth.session-token.0` for a chunk: the same cookie.
const baseName = (name: string) => name.replace(/^__(Host|Secure)-/, "").replace(/\.\d+$/, "");

/**
 * The log's line for what went out. Script cannot see an HttpOnly cookie, so only the
 * server's description of the exchange can say whether the browser sent one: with it the
 * line says what arrived, without it (a network error, another origin) it words a guess.
 *
 * @example
 * describeSent({ cookies: ["session-lab"] }, wire); // "None — the browser sent no session-lab cookie"
 */
export function describeSent({ credential, cookies = [] }: Sent, wire: WireReport | null): string {
  const parts = credential ? [credential] : [];
  const notSent: string[] = [];
  for (const name of cookies) {
    const arrived = wire?.cookies.filter((cookie) => baseName(cookie.name) === name) ?? [];
    const bytes = arrived.reduce((total, cookie) => total + cookie.bytes, 0);
    if (arrived.length > 0) parts.push(`Cookie ${arrived.map((cookie) => cookie.name).join(", ")} (${bytes} B, HttpOnly: attached by the browser)`);
    // Past the 16 cookies it describes, the server only counts: it could be one of those.
    else if (!wire || wire.cookiesNotDescribed > 0) parts.push(`Cookie ${name}, if the browser holds one (HttpOnly: script cannot tell)`);
    else notSent.push(name);
  }
  if (parts.length > 0) return parts.join(" + ");
  return notSent.length > 0 ? `None — the browser sent no ${notSent.join(" or ")} cookie` : "None";
}

const METRIC = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)((?:\s*;\s*[A-Za-z]+=(?:"[^"]*"|[^;,"]*))*)$/;
const PARAMETER = /;\s*([A-Za-z]+)=("([^"]*)"|[^;,"]*)/g;

/** Parses a `Server-Timing` header (W3C Server Timing); entries it cannot read are skipped. */
export function parseServerTiming(header: string | null): TimingMetric[] {
  if (!header) return [];
  const metrics: TimingMetric[] = [];
  // Quoted descriptions here never hold commas, so a comma always separates entries.
  for (const entry of header.split(",")) {
    const match = METRIC.exec(entry.trim());
    if (!match?.[1]) continue;
    let milliseconds = Number.NaN;
    let description = "";
    for (const [, key, raw, quoted] of (match[2] ?? "").matchAll(PARAMETER)) {
      if (key === "dur") milliseconds = Number(raw);
      if (key === "desc") description = quoted ?? raw ?? "";
    }
    if (Number.isFinite(milliseconds)) metrics.push({ name: match[1], milliseconds, description });
  }
  return metrics;
}


const isWireCookie = (value: unknown): value is WireCookie =>
  isRecord(value) && typeof value.name === "string" && isCount(value.bytes) && typeof value.preview === "string";

const isWireSetCookie = (value: unknown): value is WireSetCookie =>
  isRecord(value) &&
  typeof value.name === "string" &&
  isCount(value.bytes) &&
  typeof value.attributes === "string" &&
  typeof value.cleared === "boolean";

const isAuthorization = (value: unknown): value is WireReport["authorization"] =>
  value === null ||
  (isRecord(value) && typeof value.scheme === "string" && isCount(value.bytes) && typeof value.preview === "string");

/** Parses `Session-Lab-Wire`, rebuilding it field by field; anything unexpected is `null`. */
export function parseWire(header: string | null): WireReport | null {
  if (!header) return null;
  let value: unknown;
  try {
    value = JSON.parse(header);
  } catch {
    return null;
  }
  if (!isRecord(value) || !isRecord(value.request) || !isRecord(value.response)) return null;
  const { authorization, cookieHeaderBytes, cookies, cookiesNotDescribed } = value.request;
  const { setCookies } = value.response;
  if (
    !isAuthorization(authorization) ||
    !isCount(cookieHeaderBytes) ||
    !isCount(cookiesNotDescribed) ||
    !Array.isArray(cookies) ||
    !cookies.every(isWireCookie) ||
    !Array.isArray(setCookies) ||
    !setCookies.every(isWireSetCookie)
  ) {
    return null;
  }
  return { authorization, cookieHeaderBytes, cookies, cookiesNotDescribed, setCookies };
}
