import "server-only";
import { randomUUID } from "node:crypto";
import { maxHeaderSize } from "node:http";
import { getIronSession, sealData } from "iron-session";
import { encode as encodeNextAuth } from "next-auth/jwt";
import { z } from "zod";
import type { ApproachId } from "../approach-ids";
import { sealPasswords, sessionCookie } from "../auth/cookie/config";
import type { CookieSession } from "../auth/cookie/session";
import { sessionMaxAgeSeconds } from "../auth/nextauth/config";
import { createSession, invalidateSession } from "../auth/server-session/session";
import { env } from "../env";
import { RequestError, TooManyRequestsError } from "../errors";
import { store } from "../store";
import type { User } from "../users";
import { chunkIndex, claimsFor, cookieName, labUser, send, signedWithRealKey, type LabRequest } from "./attacks";
import { runBudget } from "./run-budget";

/** RFC 6265 §6.1: a browser need keep only 4096 bytes per cookie (name, value, attributes), and most keep no more. */
export const COOKIE_LIMIT_BYTES = 4096;

/** Node answers 431 when a request's header lines pass this: 16 KB unless `--max-http-header-size` says otherwise. */
export const HEADER_LIMIT_BYTES = maxHeaderSize;

/** Past Node's header limit twice over: enough to see every approach's answer change. */
const MAX_PADDING_BYTES = 32 * 1024;

/** next-auth/core/lib/cookie.js: ALLOWED_COOKIE_SIZE - ESTIMATED_EMPTY_COOKIE_SIZE (not importable: outside its exports map). */
const NEXTAUTH_CHUNK_SIZE = 4096 - 163;

/** `POST /api/lab/size`: how many bytes of session data to add. */
export const sizeLabRequest = z.strictObject(
  {
    bytes: z
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(0, "must not be negative")
      .max(MAX_PADDING_BYTES, `must be at most ${MAX_PADDING_BYTES}`),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? "must have no field but bytes" : "must be a JSON object") },
);

/** One cookie the browser would hold, measured as it travels: `name=value`. */
export interface SizedCookie {
  name: string;
  bytes: number;
}

/** How the row's request fared; `refused-by-library` means nothing was sent. */
export type SizeOutcome = "accepted" | "refused-by-app" | "refused-by-library" | "refused-by-node" | "unreachable";

/** One approach, one size: what the credential weighs and what happened when it was sent. */
export interface SizeRow {
  approach: ApproachId;
  /** The credential itself (token, seal or cookie value), in bytes. */
  credentialBytes: number;
  /** Its first characters: enough to recognise the format, never enough to use. */
  preview: string;
  /** The cookies it takes in the browser; none for a bearer token. */
  cookies: SizedCookie[];
  /** What the approach's library did with it: used it whole, split it into cookies, or refused to make it. */
  library: "whole" | "chunked" | "refused";
  /**
   * For next-auth: whether the split is next-auth's own answer, or derived from its source
   * because that answer could not be read (a 431 for the request, or, past about 11 KB of
   * data, response headers beyond the 16 KB the lab's own fetch reads).
   */
  chunkedBy: "next-auth" | "derived" | null;
  /** The header line(s) that carry it (`Authorization: Bearer …` or `Cookie: …`), in bytes; null when nothing was sent. */
  headerBytes: number | null;
  /** What `GET /api/<approach>/me` answered; null when nothing was sent or nothing came back. */
  status: number | null;
  /** Node answered 431: the header lines passed its limit before any code of the app ran. */
  overHeaderLimit: boolean;
  outcome: SizeOutcome;
  /** What happened, in one plain sentence. */
  sentence: string;
}

export interface SizeReport {
  bytes: number;
  limits: { cookieBytes: number; headerBytes: number };
  rows: SizeRow[];
}

/** `bytes` bytes of plain ASCII that JSON does not escape, so a payload grows by exactly that much. */
export function padding(bytes: number): string {
  return "0123456789abcdef".repeat(Math.ceil(bytes / 16)).slice(0, bytes);
}

/** A header line's bytes on the wire: `name: value` and its CRLF. */
export function headerLineBytes(name: string, value: string): number {
  return Buffer.byteLength(`${name}: ${value}\r\n`);
}

/** The Cookie header a browser sends for these cookies. */
export function cookieHeader(cookies: readonly { name: string; value: string }[]): string {
  return cookies.map(({ name, value }) => `${name}=${value}`).join("; ");
}

/**
 * next-auth's split of a session token into cookies, as its SessionStore makes it: one
 * cookie when the value fits in a chunk, otherwise `name.0`, `name.1`, … of 3933 characters each.
 */
export function chunkLikeNextAuth(name: string, value: string): { name: string; value: string }[] {
  const count = Math.ceil(value.length / NEXTAUTH_CHUNK_SIZE);
  if (count === 1) return [{ name, value }];
  return Array.from({ length: count }, (_, i) => ({
    name: `${name}.${i}`,
    value: value.slice(i * NEXTAUTH_CHUNK_SIZE, (i + 1) * NEXTAUTH_CHUNK_SIZE),
  }));
}

/**
 * The session cookies a next-auth answer sets, in chunk order: `name` or `name.0`, `name.1`, …;
 * cookies it clears (empty values) are left out.
 */
export function sessionCookiesSet(setCookieLines: readonly string[], name: string): { name: string; value: string }[] {
  const chunks: { name: string; value: string; index: number }[] = [];
  for (const line of setCookieLines) {
    const pair = line.split(";", 1)[0] ?? "";
    const eq = pair.indexOf("=");
    const cookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() };
    const index = chunkIndex(cookie.name, name);
    if (eq > 0 && cookie.value && index !== null) chunks.push({ ...cookie, index });
  }
  return chunks.sort((a, b) => a.index - b.index).map((chunk) => ({ name: chunk.name, value: chunk.value }));
}

/** Which way a request went, from the library's verdict and the status (null: no answer). */
export function outcomeOf(library: SizeRow["library"], status: number | null): SizeOutcome {
  if (library === "refused") return "refused-by-library";
  if (status === null) return "unreachable";
  if (status === 431) return "refused-by-node";
  return status >= 200 && status < 300 ? "accepted" : "refused-by-app";
}

const count = (n: number) => n.toLocaleString("en-US");
/** "4,096 bytes" as a noun, "4,096-byte" before one. */
const bytes = (n: number) => `${count(n)} bytes`;
const sized = (n: number) => `${count(n)}-byte`;

// A browser sends its own headers beside the credential (User-Agent, Accept…, often 1–2 KB)
// and every other cookie of the site; the lab's requests carry almost none of that.
const BROWSER_HEADROOM_BYTES = 2048;

/** One plain sentence on what happened to this approach's credential at this size (two, close to Node's limit). */
export function sentenceFor(row: Omit<SizeRow, "sentence">): string {
  const nearLimit = row.outcome === "accepted" && (row.headerBytes ?? 0) > HEADER_LIMIT_BYTES - BROWSER_HEADROOM_BYTES;
  const caveat = " A browser adds its own headers (often 1–2 KB) and the site's other cookies: this close to Node's limit, its request may get 431 instead.";
  return outcomeSentence(row) + (nearLimit ? caveat : "");
}

function outcomeSentence(row: Omit<SizeRow, "sentence">): string {
  const { approach, credentialBytes, cookies, headerBytes, status, outcome } = row;
  const header = headerBytes ?? 0;
  if (outcome === "unreachable") return `The request to /api/${approach}/me got no answer: the connection failed.`;
  if (outcome === "refused-by-node") {
    const carrier = approach === "jwt" ? "Authorization header" : cookies.length > 1 ? `Cookie header (${cookies.length} cookies)` : "Cookie header";
    return `The ${sized(header)} ${carrier} is past Node's ${bytes(HEADER_LIMIT_BYTES)} header limit: Node answered 431 before any code of the app ran.`;
  }
  switch (approach) {
    case "jwt":
      if (outcome === "accepted") return `Every request carries the whole ${sized(credentialBytes)} token in its Authorization header; the API accepted it (${status}).`;
      return `Node let the ${sized(header)} header through, but the API refused the ${sized(credentialBytes)} token (${status}) before checking its signature: it caps a bearer token's length.`;
    case "cookie":
      if (outcome === "refused-by-library") {
        return `iron-session's save() refused the ${sized(credentialBytes)} seal: it counts the cookie's name, the seal and its attributes against ${bytes(COOKIE_LIMIT_BYTES)}, about what a browser accepts in one cookie. Nothing was set, nothing sent.`;
      }
      if (outcome === "accepted") return `The ${sized(credentialBytes)} seal fits in one cookie, which the browser sends with every request to the site; the API accepted it (${status}).`;
      return `The ${sized(credentialBytes)} seal was sent in one cookie and the API answered ${status}.`;
    case "nextauth":
      if (cookies.length > 1) {
        const verdict = outcome === "accepted" ? `the API joined them and accepted the session (${status})` : `the API answered ${status}`;
        return `next-auth split the ${sized(credentialBytes)} token into ${cookies.length} cookies; the browser sends all of them (${bytes(header)}) with every request, and ${verdict}.`;
      }
      if (outcome === "accepted") return `The ${sized(credentialBytes)} token fits in one cookie; the API accepted it (${status}).`;
      return `The ${sized(credentialBytes)} token was sent in one cookie and the API answered ${status}.`;
    case "server-session":
      if (outcome === "accepted") return `The cookie is ${bytes(credentialBytes)} whatever the data: the data would live in the server's store, never in the request. The API accepted it (${status}).`;
      return `The ${sized(credentialBytes)} session id was sent and the API answered ${status}.`;
  }
}

function row(fields: Omit<SizeRow, "outcome" | "sentence" | "overHeaderLimit">): SizeRow {
  const measured = { ...fields, overHeaderLimit: fields.status === 431, outcome: outcomeOf(fields.library, fields.status) };
  return { ...measured, sentence: sentenceFor(measured) };
}

const preview = (credential: string) => `${credential.slice(0, 16)}…`;
const me = (approach: ApproachId, headers: Record<string, string>): LabRequest => ({ method: "GET", path: `/api/${approach}/me`, headers });

/** Sends one request; a connection that fails (rather than answers) is a null status, not an error. */
async function statusOf(origin: string, request: LabRequest): Promise<{ status: number; setCookies: string[] } | null> {
  try {
    const answer = await send(origin, request);
    return { status: answer.status, setCookies: answer.headers.getSetCookie() };
  } catch {
    return null;
  }
}

/** An access token signed with the real key, with the data as one more claim. */
async function measureJwt(origin: string, user: User, data: string): Promise<SizeRow> {
  const token = await signedWithRealKey({ ...(await claimsFor(user)), data });
  const value = `Bearer ${token}`;
  const answer = await statusOf(origin, me("jwt", { authorization: value }));
  return row({
    approach: "jwt",
    credentialBytes: token.length,
    preview: preview(token),
    cookies: [],
    library: "whole",
    chunkedBy: null,
    headerBytes: headerLineBytes("Authorization", value),
    status: answer?.status ?? null,
  });
}

/**
 * The app's seal with the data added, saved through iron-session's own session object:
 * its save() is where iron-session checks the 4096-byte limit.
 */
async function measureCookie(origin: string, user: User, data: string): Promise<SizeRow> {
  const { name, options } = sessionCookie({ url: "http://127.0.0.1/", headers: new Headers() });
  const ttl = env().COOKIE_SESSION_TTL_SECONDS;
  const contents: CookieSession = { sid: randomUUID(), userId: user.id, sv: await store().sessionVersion(user.id), exp: Math.floor(Date.now() / 1000) + ttl, data };
  let saved: string | undefined;
  const cookieStore = {
    get: () => undefined,
    set: (cookie: string | { value: string }, value?: string) => {
      saved = typeof cookie === "string" ? value : cookie.value;
    },
  };
  const session = await getIronSession<CookieSession>(cookieStore, { cookieName: name, password: sealPasswords(), ttl, cookieOptions: options });
  Object.assign(session, contents);
  try {
    await session.save();
  } catch (error) {
    if (!(error instanceof Error && /Cookie length is too big/.test(error.message))) throw error;
    // Only the verdict is kept (the message is the library's); the size is measured on a seal of the same contents.
    const seal = await sealData(contents, { password: sealPasswords(), ttl });
    return row({ approach: "cookie", credentialBytes: seal.length, preview: preview(seal), cookies: [{ name, bytes: name.length + 1 + seal.length }], library: "refused", chunkedBy: null, headerBytes: null, status: null });
  }
  const seal = saved ?? "";
  const header = cookieHeader([{ name, value: seal }]);
  const answer = await statusOf(origin, me("cookie", { cookie: header }));
  return row({
    approach: "cookie",
    credentialBytes: seal.length,
    preview: preview(seal),
    cookies: [{ name, bytes: header.length }],
    library: "whole",
    chunkedBy: null,
    headerBytes: headerLineBytes("Cookie", header),
    status: answer?.status ?? null,
  });
}

/**
 * next-auth's encrypted token with the data added. next-auth itself splits it: its own
 * session endpoint re-issues the cookie through its SessionStore, and the cookies it sets
 * are the ones sent on. When its answer cannot be read (see `chunkedBy`), the split is derived.
 */
async function measureNextAuth(origin: string, user: User, data: string): Promise<SizeRow> {
  const name = cookieName("nextauth");
  const token = await encodeNextAuth({
    token: { sub: String(user.id), uid: user.id, username: user.username, role: user.role, sid: randomUUID(), sv: await store().sessionVersion(user.id), data },
    secret: env().NEXTAUTH_SECRET,
    maxAge: sessionMaxAgeSeconds(),
  });
  const reissued = await statusOf(origin, { method: "GET", path: "/api/auth/session", headers: { cookie: cookieHeader([{ name, value: token }]) } });
  const issued = reissued?.status === 200 ? sessionCookiesSet(reissued.setCookies, name) : [];
  const cookies = issued.length > 0 ? issued : chunkLikeNextAuth(name, token);
  const header = cookieHeader(cookies);
  const answer = await statusOf(origin, me("nextauth", { cookie: header }));
  const sent = cookies.map((cookie) => cookie.value).join("");
  return row({
    approach: "nextauth",
    credentialBytes: sent.length,
    preview: preview(sent),
    cookies: cookies.map((cookie) => ({ name: cookie.name, bytes: cookie.name.length + 1 + cookie.value.length })),
    library: cookies.length > 1 ? "chunked" : "whole",
    chunkedBy: issued.length > 0 ? "next-auth" : "derived",
    headerBytes: headerLineBytes("Cookie", header),
    status: answer?.status ?? null,
  });
}

/** A real server session. The data would go to the store, so the cookie does not change: that is the point. */
async function measureServerSession(origin: string, user: User): Promise<SizeRow> {
  const { token, session } = await createSession(user, "Session Lab size lab");
  const name = cookieName("server-session");
  const header = cookieHeader([{ name, value: token }]);
  try {
    const answer = await statusOf(origin, me("server-session", { cookie: header }));
    return row({
      approach: "server-session",
      credentialBytes: token.length,
      preview: preview(token),
      cookies: [{ name, bytes: header.length }],
      library: "whole",
      chunkedBy: null,
      headerBytes: headerLineBytes("Cookie", header),
      status: answer?.status ?? null,
    });
  } finally {
    await invalidateSession(session.id); // leave no lab sessions in bob's list
  }
}

/** Adds `bytes` bytes of session data to each approach's credential and sends each to its `/me`, for real, at `origin`. */
async function runSizeLab(origin: string, bytes: number): Promise<SizeReport> {
  const user = labUser();
  const data = padding(bytes);
  const rows = [
    await measureJwt(origin, user, data),
    await measureCookie(origin, user, data),
    await measureNextAuth(origin, user, data),
    await measureServerSession(origin, user),
  ];
  return { bytes, limits: { cookieBytes: COOKIE_LIMIT_BYTES, headerBytes: HEADER_LIMIT_BYTES }, rows };
}

/** Runs in a row, before the lab waits for {@link SIZE_LAB_REFILL_MS} between runs: every preset twice over. */
export const SIZE_LAB_BURST = 20;
/** One more run every 2 s after a burst. */
export const SIZE_LAB_REFILL_MS = 2_000;

// Anyone may run the lab, and each run is 4–5 requests with headers up to 32 KB, made and
// checked by this process: about 40 ms of CPU here. Run in a loop, it kept about 0.75 of a
// core busy. Unlike the attack lab's, a run depends on the size asked for, so one run cannot
// answer everyone; instead runs are counted, however many clients ask: 20 in a row, then one
// every 2 s (about 2% of a core). One run at a time, too: a second caller meanwhile gets 409.
const budget = runBudget(SIZE_LAB_BURST, SIZE_LAB_REFILL_MS);
let running = false;

/**
 * Runs the size lab for `bytes` at `origin`, when it may run: 409 while a run is going on,
 * 429 with Retry-After once the runs for now are spent (neither spends a run).
 *
 * @example
 * const report = await sizeLabReport(loopbackOrigin(), 4096);
 */
export async function sizeLabReport(origin: string, bytes: number): Promise<SizeReport> {
  if (running) throw new RequestError(409, "Conflict", "The size lab is already running; try again in a moment.");
  const waitMs = budget.take();
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    const rule = `The size lab runs at most ${SIZE_LAB_BURST} times in a row, then once every ${SIZE_LAB_REFILL_MS / 1000} seconds`;
    throw new TooManyRequestsError(seconds, `${rule}. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`);
  }
  running = true;
  try {
    return await runSizeLab(origin, bytes);
  } finally {
    running = false;
  }
}
