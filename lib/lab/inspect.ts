import "server-only";
import type { ApproachId } from "../approach-ids";
import { sessionCookie } from "../auth/cookie/config";
import { readSessionCookie as readNextAuthCookie, sessionCookieChunks } from "../auth/nextauth/config";
import { sessionCookie as serverSessionCookie } from "../auth/server-session/config";
import { AuthError } from "../errors";
import { readCredentialCookie, type CredentialCookie, type IncomingRequest } from "../request";

/**
 * One labelled part of a credential, described without enough of it to rebuild it:
 * public parts (a format tag, an expiry, a JOSE header) are shown whole, every other
 * part only by its first few characters.
 */
export interface CredentialPart {
  /** What the format's own source calls this part: "Encryption salt", "IV", "HMAC", … */
  label: string;
  /** What the part does, in one line. */
  purpose: string;
  /** The characters on the wire just before this part ("*", ".", "~"; "" for the first). */
  delimiter: string;
  /** Characters on the wire; each is one byte, as every part is ASCII. */
  length: number;
  /** Whether the part is readable by anyone who holds the cookie (and so shown whole). */
  public: boolean;
  /** The part itself when public; otherwise its first characters and "…". */
  shown: string;
  /** A readable form of a public part: the expiry as an ISO date, the JOSE header as JSON. */
  decoded?: string;
}

/** The structure of the session credential a request carried, as `GET /api/{approach}/inspect` answers. */
export interface CredentialAnatomy {
  approach: Exclude<ApproachId, "jwt">;
  /** What the value is, in a few words. */
  format: string;
  /** The cookies it came in: one, or next-auth's chunks (`name.0`, `name.1`, …) past 4 KB. */
  cookies: { name: string; bytes: number }[];
  /** The value's size in bytes, all chunks together. */
  bytes: number;
  /** Every part, in wire order: their delimiters and lengths add up to `bytes`. */
  parts: CredentialPart[];
}

/** Enough to tell two values apart at a glance; 4 base64url characters are 24 of a part's bits. */
const PREVIEW_CHARACTERS = 4;

function secretPart(label: string, purpose: string, delimiter: string, value: string): CredentialPart {
  const shown = value.length > 2 * PREVIEW_CHARACTERS ? `${value.slice(0, PREVIEW_CHARACTERS)}…` : "…";
  return { label, purpose, delimiter, length: value.length, public: false, shown };
}

function publicPart(label: string, purpose: string, delimiter: string, value: string, decoded?: string): CredentialPart {
  return { label, purpose, delimiter, length: value.length, public: true, shown: value, ...(decoded === undefined ? {} : { decoded }) };
}

// iron's Fe26.2 seal (iron-webcrypto `seal`): eight "*"-separated parts, then
// iron-session's own "~2" (its format version, appended in `sealData`).
const IRON_PREFIX = "Fe26.2";
const IRON_SESSION_VERSION = "2";

/**
 * The labelled parts of an iron-session seal, or null when `seal` is not one.
 *
 * @example
 * const parts = describeIronSeal(await sealData({ userId: 1 }, { password }));
 * parts?.map((part) => part.label); // ["Format", "Password id", "Encryption salt", …, "iron-session version"]
 */
export function describeIronSeal(seal: string): CredentialPart[] | null {
  const [body = "", version, ...rest] = seal.split("~");
  if (version !== IRON_SESSION_VERSION || rest.length > 0) return null;
  const [prefix, passwordId, encryptionSalt, iv, ciphertext, expiration, hmacSalt, hmac, ...extra] = body.split("*");
  if (
    prefix !== IRON_PREFIX ||
    passwordId === undefined ||
    encryptionSalt === undefined ||
    iv === undefined ||
    ciphertext === undefined ||
    expiration === undefined ||
    hmacSalt === undefined ||
    hmac === undefined ||
    extra.length > 0 ||
    !/^\d*$/.test(expiration)
  ) {
    return null;
  }
  const expires = expiration ? new Date(Number(expiration)) : null;
  return [
    publicPart("Format", "iron's seal format, version 2: what follows is sealed the Fe26.2 way", "", prefix),
    publicPart("Password id", "Which of the server's passwords sealed it, so old seals still open after a rotation", "*", passwordId),
    secretPart(
      "Encryption salt",
      "Random; with the password it derives the AES-256-CBC key (PBKDF2). Useless without the password",
      "*",
      encryptionSalt,
    ),
    secretPart("IV", "Random 128-bit AES-CBC initialisation vector, new for every seal", "*", iv),
    secretPart("Ciphertext", "The session (user id, session id, version, expiry), AES-256-CBC encrypted", "*", ciphertext),
    publicPart(
      "Expiration",
      "When the seal stops opening, in ms since 1970: readable, but covered by the HMAC, so it cannot be moved",
      "*",
      expiration,
      expires && !Number.isNaN(expires.getTime()) ? expires.toISOString() : undefined,
    ),
    secretPart("HMAC salt", "Random; with the password it derives the HMAC key", "*", hmacSalt),
    secretPart(
      "HMAC",
      "HMAC-SHA-256 over every part before it: change one character and the server refuses the seal",
      "*",
      hmac,
    ),
    publicPart("iron-session version", "Added by iron-session after the seal: its own format version", "~", version),
  ];
}

/**
 * The labelled parts of next-auth's session token, a JWE in compact serialization
 * (`dir` + A256GCM, key derived from NEXTAUTH_SECRET), or null when `token` is not one.
 *
 * @example
 * const parts = describeNextAuthToken(await encode({ token: { sub: "1" }, secret }));
 * parts?.[0]?.decoded; // '{"alg":"dir","enc":"A256GCM"}'
 */
export function describeNextAuthToken(token: string): CredentialPart[] | null {
  const segments = token.split(".");
  if (segments.length !== 5) return null;
  const [header = "", encryptedKey = "", iv = "", ciphertext = "", tag = ""] = segments;
  const decodedHeader = decodeJsonSegment(header);
  if (decodedHeader === null) return null;
  return [
    publicPart(
      "Protected header",
      "Base64url JSON, not encrypted: how the rest is encrypted. Bound to the ciphertext as additional data",
      "",
      header,
      decodedHeader,
    ),
    publicPart(
      "Encrypted key",
      encryptedKey ? "The content key, encrypted to the recipient" : "Empty: with alg \"dir\" the key is derived from NEXTAUTH_SECRET (HKDF), never sent",
      ".",
      encryptedKey,
    ),
    secretPart("IV", "Random 96-bit AES-GCM nonce, new for every token", ".", iv),
    secretPart("Ciphertext", "The JWT claims (user, role, session id, expiry), AES-256-GCM encrypted", ".", ciphertext),
    secretPart("Authentication tag", "128-bit GCM tag over the header and ciphertext: any change and decryption fails", ".", tag),
  ];
}

/**
 * The two halves of a server-side session's cookie, `id.secret`, or null when `token` is not one.
 *
 * @example
 * const parts = describeServerSessionToken((await createSession(user, null)).token);
 * parts?.map((part) => part.label); // ["Session id", "Secret"]
 */
export function describeServerSessionToken(token: string): CredentialPart[] | null {
  const match = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match?.[1] || !match[2]) return null;
  return [
    secretPart("Session id", "128 random bits: the key of the session's record in the store", "", match[1]),
    secretPart(
      "Secret",
      "256 random bits: the store keeps only its SHA-256 and compares in constant time, so a leaked store opens nothing",
      ".",
      match[2],
    ),
  ];
}

function decodeJsonSegment(segment: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? JSON.stringify(parsed) : null;
  } catch {
    return null;
  }
}

type Cookies = Pick<IncomingRequest, "url" | "headers">;

function anatomy(
  approach: CredentialAnatomy["approach"],
  format: string,
  cookies: { name: string; value: string }[],
  describe: (value: string) => CredentialPart[] | null,
): CredentialAnatomy {
  if (cookies.length === 0) throw new AuthError("missing", "cookie");
  const value = cookies.map((cookie) => cookie.value).join("");
  const parts = describe(value);
  if (!parts) throw new AuthError("invalid", "cookie");
  return {
    approach,
    format,
    cookies: cookies.map(({ name, value: chunk }) => ({ name, bytes: Buffer.byteLength(chunk) })),
    bytes: Buffer.byteLength(value),
    parts,
  };
}

// Read as the guard reads it: a cookie that came twice describes nothing, as it signs nobody in.
function namedCookie(request: Cookies, name: string): { name: string; value: string }[] {
  return [{ name, value: usable(readCredentialCookie(request, name)) }];
}

function usable(cookie: CredentialCookie): string {
  if (cookie.value === null) throw new AuthError(cookie.reason, "cookie");
  return cookie.value;
}

/**
 * The iron-session cookie this request carried, as labelled parts. Call it after the
 * approach's guard: it describes, it does not verify.
 *
 * @example
 * await requireCookieUser(request);
 * return Response.json({ credential: inspectCookieSession(request) }, { headers: NO_STORE });
 */
export function inspectCookieSession(request: Cookies): CredentialAnatomy {
  return anatomy(
    "cookie",
    "iron-session seal: iron Fe26.2 (AES-256-CBC + HMAC-SHA-256), iron-session format 2",
    namedCookie(request, sessionCookie(request).name),
    describeIronSeal,
  );
}

/**
 * next-auth's session cookie this request carried (joined from its chunks, if it was
 * split), as labelled parts. Call it after the approach's guard.
 *
 * @example
 * await requireNextAuthUser(request);
 * return Response.json({ credential: inspectNextAuthSession(request) }, { headers: NO_STORE });
 */
export function inspectNextAuthSession(request: Cookies): CredentialAnatomy {
  usable(readNextAuthCookie(request)); // refused as the guard refuses it: missing, or a name that came twice
  return anatomy(
    "nextauth",
    "next-auth session token: a JWE (dir, A256GCM) holding the JWT",
    sessionCookieChunks(request),
    describeNextAuthToken,
  );
}

/**
 * The server-side session's cookie this request carried, as its two halves. Call it
 * after the approach's guard.
 *
 * @example
 * await requireServerSessionUser(request);
 * return Response.json({ credential: inspectServerSession(request) }, { headers: NO_STORE });
 */
export function inspectServerSession(request: Cookies): CredentialAnatomy {
  return anatomy(
    "server-session",
    "Opaque session token: a random id and a random secret, no data",
    namedCookie(request, serverSessionCookie(request).name),
    describeServerSessionToken,
  );
}
