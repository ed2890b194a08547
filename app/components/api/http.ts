import { isProblem } from "./guards";
import type { ApiResult, LogEntry, User } from "./types";
import { INSPECT_REQUEST_HEADER, describeSent, inspect, type Sent } from "./wire";

const MAX_LOG_ENTRIES = 20;

/** A request's extras, and what the log should say went out with it (see describeSent). */
export interface SendOptions extends Sent {
  /** Extra request headers (the bearer token, when there is one). */
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  note?: string;
}

export interface RawResponse {
  status: number;
  request: string;
  headers: Headers | null;
  body: unknown;
}

/**
 * A `fetch` that writes every request it makes to a small log the UI can subscribe to
 * (the shape `useSyncExternalStore` wants). One per column, so each shows its own traffic.
 */
export function createLoggedFetch() {
  let log: readonly LogEntry[] = [];
  let nextId = 1;
  const listeners = new Set<() => void>();

  function record(entry: Omit<LogEntry, "id">) {
    log = [{ id: nextId++, ...entry }, ...log].slice(0, MAX_LOG_ENTRIES);
    for (const listener of listeners) listener();
  }

  async function send(method: string, path: string, options: SendOptions): Promise<RawResponse> {
    // Only this app describes its exchanges; another origin would refuse the extra header (CORS).
    const sameOrigin = path.startsWith("/");
    const headers: Record<string, string> = { Accept: "application/json", ...(sameOrigin ? INSPECT_REQUEST_HEADER : {}), ...options.headers };
    if (options.json !== undefined) headers["Content-Type"] = "application/json";
    const started = performance.now();
    const request = `${method} ${path}`;
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: options.json === undefined ? undefined : JSON.stringify(options.json),
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch {
      const credential = describeSent(options, null);
      record({ method, path, credential, status: 0, ms: Math.round(performance.now() - started), note: options.note });
      return { status: 0, request, headers: null, body: null };
    }
    const body = await readBody(response);
    const inspection = inspect(response.headers);
    record({
      method,
      path,
      credential: describeSent(options, inspection.wire),
      status: response.status,
      ms: Math.round(performance.now() - started),
      note: options.note,
      inspection,
    });
    return { status: response.status, request, headers: response.headers, body };
  }

  return {
    send,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getLog: () => log,
  };
}

export type LoggedFetch = ReturnType<typeof createLoggedFetch>;

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => "");
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch {
    return null;
  }
}

const NETWORK_PROBLEM = { title: "Network error", status: 0, detail: "The request did not reach the server." };

/**
 * Turns a raw response into a typed result: `parse` decides what a success body must
 * look like; anything else becomes the problem the server described (or a plain one).
 */
export function toResult<T>(raw: RawResponse, parse: (body: unknown) => T | null): ApiResult<T> {
  const { status, request, body } = raw;
  if (status === 0) return { ok: false, status, request, problem: NETWORK_PROBLEM };
  if (status >= 200 && status < 300) {
    const data = parse(body);
    if (data !== null) return { ok: true, status, request, data };
    return {
      ok: false,
      status,
      request,
      problem: { title: "Unexpected response", status, detail: "The server answered with a body this page does not understand." },
    };
  }
  if (isProblem(body)) return { ok: false, status, request, problem: body };
  return { ok: false, status, request, problem: { title: `HTTP ${status}`, status, detail: "" } };
}

/** A success carrying `data`, under the status and request of a raw response or of another result. */
export function succeeded<T>({ status, request }: Pick<RawResponse, "status" | "request">, data: T): ApiResult<T> {
  return { ok: true, status, request, data };
}

/** For endpoints that answer 204: any 2xx is success, there is no body to check. */
export function toEmptyResult(raw: RawResponse): ApiResult<null> {
  if (raw.status >= 200 && raw.status < 300) return succeeded(raw, null);
  return toResult(raw, () => null);
}

/**
 * A page-load check's answer: a 401 means nobody is signed in, which is an answer (data
 * `null`), not a failure. Any other failure (a network error, a 503) means it could not tell.
 */
export function asSessionCheck(result: ApiResult<User>): ApiResult<User | null> {
  return result.ok || result.status !== 401 ? result : succeeded(result, null);
}
