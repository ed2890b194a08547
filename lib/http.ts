import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { bearerChallenge } from "./challenge";
import { inExchange } from "./exchange";
import { AuthError, CrossSiteError, ForbiddenError, InvalidCredentialsError, logUnexpected, PasswordUncheckedError, RequestError, TooManyRequestsError } from "./errors";
import { StoreUnavailableError } from "./store/types";

/** For every response that carries or sets a credential: never stored by any cache. */
export const NO_STORE = { "Cache-Control": "no-store" } as const;

const MAX_JSON_BODY_BYTES = 16 * 1024;

const AUTH_DETAIL = {
  missing: "No credential was sent.",
  malformed: "The Authorization header is not of the form `Bearer <token>`.",
  expired: "The credential has expired.",
  invalid: "The credential is not valid.",
  revoked: "The credential has been revoked.",
} as const;

// A cookie is malformed in one way only (lib/request.ts): the Authorization header's wording would mislead.
const COOKIE_MALFORMED_DETAIL = "The credential cookie came more than once, and no copy can be told to be yours.";

interface Problem {
  status: number;
  title: string;
  detail: string;
  headers?: Record<string, string>;
}

/** An RFC 9457 problem response: the one error shape of the whole API. */
export function problem({ status, title, detail, headers }: Problem): Response {
  return Response.json(
    { type: "about:blank", title, status, detail },
    { status, headers: { "Content-Type": "application/problem+json", ...NO_STORE, ...headers } },
  );
}

/**
 * Maps any thrown value to a response. Known errors get their status; anything else
 * is a bug or a bad deployment, logged as {@link logUnexpected} says (by name and known code,
 * never a message that could quote a token) and answered as a bare 500 that reveals nothing.
 */
export function errorResponse(error: unknown): Response {
  if (error instanceof AuthError) {
    const detail = AUTH_DETAIL[error.reason];
    if (error.scheme === "cookie") {
      return problem({ status: 401, title: "Unauthorized", detail: error.reason === "malformed" ? COOKIE_MALFORMED_DETAIL : detail });
    }
    if (error.reason === "missing") {
      return problem({ status: 401, title: "Unauthorized", detail, headers: { "WWW-Authenticate": bearerChallenge() } });
    }
    if (error.reason === "malformed") {
      return problem({
        status: 400,
        title: "Bad Request",
        detail,
        headers: { "WWW-Authenticate": bearerChallenge("invalid_request", detail) },
      });
    }
    return problem({
      status: 401,
      title: "Unauthorized",
      detail,
      headers: { "WWW-Authenticate": bearerChallenge("invalid_token", detail) },
    });
  }
  if (error instanceof CrossSiteError) {
    return problem({ status: 403, title: "Forbidden", detail: "State-changing requests must come from this site." });
  }
  if (error instanceof ForbiddenError) {
    const detail = "This needs the admin role.";
    const headers: Record<string, string> =
      error.scheme === "bearer" ? { "WWW-Authenticate": bearerChallenge("insufficient_scope", detail) } : {};
    return problem({ status: 403, title: "Forbidden", detail, headers });
  }
  if (error instanceof InvalidCredentialsError) {
    return problem({ status: 401, title: "Unauthorized", detail: "Invalid username or password." });
  }
  if (error instanceof TooManyRequestsError) {
    return problem({
      status: 429,
      title: "Too Many Requests",
      detail: error.detail,
      headers: { "Retry-After": String(error.retryAfterSeconds) },
    });
  }
  if (error instanceof PasswordUncheckedError) {
    return problem({
      status: 503,
      title: "Service Unavailable",
      detail: error.detail,
      headers: { "Retry-After": String(error.retryAfterSeconds) },
    });
  }
  if (error instanceof RequestError) {
    return problem({ status: error.status, title: error.title, detail: error.detail });
  }
  if (error instanceof StoreUnavailableError) {
    // Fail closed: without the store nobody can be told apart from a revoked copy.
    return problem({
      status: 503,
      title: "Service Unavailable",
      detail: "The session store cannot be reached, so credentials cannot be checked. Try again shortly.",
      headers: { "Retry-After": "5" },
    });
  }
  logUnexpected(error, "while handling a request");
  return problem({ status: 500, title: "Internal Server Error", detail: "Something went wrong on our side." });
}

/**
 * Wraps a route handler so that every thrown error becomes a problem response, and the
 * time spent checking credentials is reported in `Server-Timing` (see lib/exchange.ts).
 *
 * @example
 * export const GET = route(async (request) => Response.json({ user: await requireJwtUser(request) }));
 */
export function route<Context = unknown>(
  handler: (request: NextRequest, context: Context) => Promise<Response>,
): (request: NextRequest, context: Context) => Promise<Response> {
  return (request, context) =>
    inExchange(request, async () => {
      try {
        return await handler(request, context);
      } catch (error) {
        // Next.js's own signals (a redirect, or "this route is dynamic" while it prerenders)
        // are control flow, not failures: they go on to Next.js, never out as a 500.
        unstable_rethrow(error);
        return errorResponse(error);
      }
    });
}

/**
 * Reads a JSON body and validates it with `schema`. Wrong media type: 415; too large:
 * 413; not JSON or not of the schema's shape: 400 naming the fields.
 */
export async function readJson<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.infer<Schema>> {
  // Parameters are ignored: JSON is UTF-8 whatever a `charset` says (RFC 8259 §8.1 and §11),
  // and bytes that are not UTF-8 are refused below.
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new RequestError(415, "Unsupported Media Type", "Send the body as application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_JSON_BODY_BYTES) throw tooLarge();
  const text = await readText(request);

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RequestError(400, "Bad Request", "The body is not valid JSON.");
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const fields = result.error.issues.map((issue) => `${issue.path.join(".") || "body"} ${issue.message}`);
    throw new RequestError(400, "Bad Request", `Invalid body: ${fields.join("; ")}.`);
  }
  return result.data;
}

/**
 * For handlers that parse bodies themselves (next-auth's): refuses a body that is too
 * large (413), or that such a handler would read as JSON and is not JSON (400), before the
 * library sees it. Answers the JSON value a POST's body holds, for checks of its own;
 * undefined for any other body.
 *
 * "Read as JSON" is next-auth's own test: a Content-Type that merely contains
 * `application/json` (`application/json-patch+json`, `text/plain; x=application/json`).
 */
export async function peekJsonBody(request: Request): Promise<unknown> {
  if (request.method !== "POST" || !request.body) return undefined;
  const text = await readText(request.clone());
  if (!request.headers.get("content-type")?.toLowerCase().includes("application/json")) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new RequestError(400, "Bad Request", "The body is not valid JSON.");
  }
}

const tooLarge = () => new RequestError(413, "Content Too Large", `The body must be at most ${MAX_JSON_BODY_BYTES} bytes.`);

async function readText(request: Request): Promise<string> {
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      // The client went away mid-body (or sent a broken chunked one): its fault, not a 500 to log.
      throw new RequestError(400, "Bad Request", "The body ended before it was complete.");
    });
    if (done) break;
    size += value.byteLength;
    if (size > MAX_JSON_BODY_BYTES) {
      // Not awaited: cancelling one branch of a cloned body settles only when the other is read too.
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    // Not decoded leniently: bytes that are no UTF-8 would be stored as U+FFFD.
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new RequestError(400, "Bad Request", "The body is not valid UTF-8.");
  }
}
