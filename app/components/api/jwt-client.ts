import { isTokenResponse, parseSecondServiceAnswer } from "./guards";
import { asSessionCheck, createLoggedFetch, succeeded, toEmptyResult, toResult, type RawResponse, type SendOptions } from "./http";
import { createResourceClient } from "./resource-client";
import type { ApiResult, ApproachClient, User } from "./types";

const BASE = "/api/jwt";

const WITH_REFRESH_COOKIE = { cookies: ["jwt-refresh"] };
// The password is the credential here; a refresh cookie still held goes along (it is scoped to
// /api/jwt), and the sign-in ends its session.
const SIGN_IN = { credential: "Username and password, in the JSON body", ...WITH_REFRESH_COOKIE };
const NO_TOKEN = "None — no access token in memory";

/** `eyJhb…last6`: enough to tell tokens apart in the log, never enough to use one. */
function shortToken(token: string): string {
  return `${token.slice(0, 5)}…${token.slice(-6)}`;
}

/**
 * Whose token this is (its `sub`), read only to notice that a refresh brought another user's:
 * nothing here decides what the user may do from a claim this page cannot verify.
 */
function subjectOf(token: string): unknown {
  try {
    const payload = token.split(".")[1] ?? "";
    return (JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as { sub?: unknown }).sub;
  } catch {
    return undefined;
  }
}

/** RFC 6750: a token the server refused (expired, revoked, forged) is `error="invalid_token"`. */
function tokenWasRefused(raw: RawResponse): boolean {
  return raw.status === 401 && (raw.headers?.get("WWW-Authenticate") ?? "").includes('error="invalid_token"');
}

/**
 * A refresh's answer, and what came of it: a new access token kept here, none (the answer
 * says why), or void: this tab signed out while it was on its way, so its token goes unused.
 */
interface Renewal {
  raw: RawResponse;
  outcome: "renewed" | "failed" | "void";
}

/**
 * The JWT bearer approach from a browser's side.
 *
 * The access token lives in this closure and nowhere else: not in localStorage, not in
 * sessionStorage, not in a readable cookie, so it is gone when the tab closes and a
 * script injected later cannot find it lying around. What survives a reload is the
 * refresh token, in an HttpOnly cookie scoped to /api/jwt that script cannot read;
 * {@link ApproachClient.restore} trades it for a fresh access token.
 */
export function createJwtClient(): ApproachClient {
  const http = createLoggedFetch();
  let token: { value: string; expiresAt: number } | null = null;
  // Moved on by every sign-out that ended the session: an answer to a request sent before it
  // must not sign this tab back in (a refresh landing after the sign-out would otherwise keep
  // its new token).
  let generation = 0;
  let refreshing: { generation: number; renewal: Promise<Renewal> } | null = null;
  let restoring: Promise<ApiResult<User | null>> | null = null;
  const tokenListeners = new Set<() => void>();

  /** Every change of the token goes through here, so an open inspector follows it. */
  function setToken(next: typeof token) {
    token = next;
    for (const listener of tokenListeners) listener();
  }

  function bearer(): Pick<SendOptions, "headers" | "credential"> {
    if (!token) return { credential: NO_TOKEN };
    return {
      headers: { Authorization: `Bearer ${token.value}` },
      credential: `Authorization: Bearer ${shortToken(token.value)}`,
    };
  }

  function keep(body: unknown): boolean {
    if (!isTokenResponse(body)) return false;
    setToken({ value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 });
    return true;
  }

  /** One refresh at a time: calls that fail together wait for the same answer, never for one sent before a sign-out. */
  function refresh(note: string): Promise<Renewal> {
    if (refreshing?.generation !== generation) refreshing = { generation, renewal: renew(note) };
    return refreshing.renewal;
  }

  async function renew(note: string): Promise<Renewal> {
    const started = generation;
    const raw = await http.send("POST", `${BASE}/refresh`, { ...WITH_REFRESH_COOKIE, note });
    if (refreshing?.generation === started) refreshing = null;
    if (generation !== started) return { raw, outcome: "void" };
    if (raw.status === 200 && keep(raw.body)) return { raw, outcome: "renewed" };
    // Only the server's refusal ends the session: after a network error or a 503 the refresh
    // cookie still works, and the next call tries again.
    if (raw.status === 401) setToken(null);
    return { raw, outcome: "failed" };
  }

  /**
   * Sends with the bearer token; if the server refuses the token, refreshes once and retries.
   * When the refresh fails, its own answer is the result: a 401 says why the session ended
   * (expired, or a reused refresh token), a network error or a 503 that it may not have.
   * When it brings another user's token (another tab signed out and in as someone else: the
   * refresh cookie is shared), nothing is retried, since what was asked as one user must not
   * be done as another: this tab's sign-in is over, and the server's refusal is the answer.
   */
  async function authorized(method: string, path: string, json?: unknown): Promise<RawResponse> {
    const first = await http.send(method, path, { ...bearer(), json });
    if (!token || !tokenWasRefused(first)) return first;
    const subject = subjectOf(token.value);
    const { raw, outcome } = await refresh("access token refused: refreshing once");
    if (outcome === "void") return first; // signed out meanwhile: nothing to retry with
    if (outcome === "failed") return raw;
    if (!token || subjectOf(token.value) !== subject) {
      generation += 1;
      setToken(null);
      return first;
    }
    return http.send(method, path, { ...bearer(), json, note: "retry with the new access token" });
  }

  /**
   * A call that revokes the token when it succeeds. Then the token goes, and so does anything
   * still on its way from before (see `generation`); a 401 means it was dead already. Any other
   * failure (a network error, a 503) left the session working: the token stays, for the retry
   * to present.
   */
  async function ending<T>(call: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
    const result = await call();
    if (result.ok || result.status === 401) {
      generation += 1;
      setToken(null);
    }
    return result;
  }

  // Revokes the access token this tab holds (by its header) and the refresh token's family
  // (by the cookie).
  async function logout(): Promise<ApiResult<null>> {
    const outgoing = bearer();
    const raw = await http.send("POST", `${BASE}/logout`, {
      headers: outgoing.headers,
      credential: outgoing.headers ? outgoing.credential : undefined,
      ...WITH_REFRESH_COOKIE,
    });
    return toEmptyResult(raw);
  }

  const api = createResourceClient(authorized, BASE);

  return {
    ...api,

    restore() {
      restoring ??= (async (): Promise<ApiResult<User | null>> => {
        if (!token) {
          const { raw, outcome } = await refresh("page load: trading the refresh cookie for an access token");
          if (outcome === "void") return succeeded(raw, null); // signed out meanwhile
          if (outcome === "failed") return asSessionCheck(toResult<User>(raw, () => null));
        }
        return asSessionCheck(await api.me());
      })().finally(() => {
        restoring = null;
      });
      return restoring;
    },

    async login(username, password) {
      const raw = await http.send("POST", `${BASE}/login`, { ...SIGN_IN, json: { username, password } });
      if (raw.status !== 200 || !keep(raw.body)) return toResult<User>(raw, () => null);
      // The token says who we are, but this page does not read claims it cannot verify: it asks.
      const result = await api.me();
      if (!result.ok) {
        // The column will say "not signed in": sign out, so that the server says so too.
        await logout();
        setToken(null);
      }
      return result;
    },

    // Each revokes the token this tab holds when it succeeds.
    logout: () => ending(logout),
    logoutEverywhere: () => ending(api.logoutEverywhere),
    revocationLab: () => ending(api.revocationLab),

    // The same token, sent to another origin: that service trusts the app's JWKS and nothing else.
    callSecondService: async (url) => toResult(await authorized("GET", `${url}/whoami`), parseSecondServiceAnswer),

    credentialSummary() {
      if (!token) return null;
      const bytes = new TextEncoder().encode(token.value).length;
      const until = new Date(token.expiresAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
      return `Access token in memory: ${shortToken(token.value)} · ${bytes} bytes on every call · expires ${until}`;
    },

    // The inspector reads the token from here, on demand: it never goes to storage or a global.
    inspection: {
      kind: "bearer",
      token: () => token?.value ?? null,
      subscribe(listener) {
        tokenListeners.add(listener);
        return () => {
          tokenListeners.delete(listener);
        };
      },
    },

    subscribe: http.subscribe,
    getLog: http.getLog,
  };
}
