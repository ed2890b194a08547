import { test } from "@playwright/test";

export const DEMO_PASSWORD = "correct-horse-battery-staple";

/** Raw HTTP, with no cookie jar: every credential a test sends is one it chose to send. */
export async function api(path: string, init: RequestInit & { json?: unknown } = {}, base?: string): Promise<Response> {
  const baseURL = base ?? test.info().project.use.baseURL ?? "http://localhost:3100";
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return fetch(new URL(path, baseURL), { ...init, headers, body, redirect: "manual" });
}

/** The value of a cookie that a response set, by name. */
export function setCookie(response: Response, name: string): { value: string; attributes: string } | undefined {
  for (const line of response.headers.getSetCookie()) {
    const [pair = "", ...attributes] = line.split(";");
    const eq = pair.indexOf("=");
    if (pair.slice(0, eq).trim() === name) return { value: pair.slice(eq + 1), attributes: attributes.join(";").trim() };
  }
  return undefined;
}

export async function jwtLogin(username: string, base?: string) {
  const response = await api("/api/jwt/login", { method: "POST", json: { username, password: DEMO_PASSWORD } }, base);
  const body: unknown = await response.json();
  const token = typeof body === "object" && body !== null && "access_token" in body ? String(body.access_token) : "";
  return { response, body, token, refresh: setCookie(response, "jwt-refresh")?.value ?? "" };
}

export async function cookieLogin(username: string, base?: string) {
  const response = await api("/api/cookie/login", { method: "POST", json: { username, password: DEMO_PASSWORD } }, base);
  return { response, cookie: `session-lab=${setCookie(response, "session-lab")?.value ?? ""}` };
}

export async function serverSessionLogin(username: string, base?: string) {
  const response = await api("/api/server-session/login", { method: "POST", json: { username, password: DEMO_PASSWORD } }, base);
  return { response, cookie: `session-lab.sid=${setCookie(response, "session-lab.sid")?.value ?? ""}` };
}

/** next-auth's sign-in as plain HTTP: fetch a CSRF token (and its cookie), then post the credentials. */
export async function nextAuthLogin(username: string, password = DEMO_PASSWORD, callbackUrl?: string, base?: string) {
  const csrf = await api("/api/auth/csrf", {}, base);
  const csrfToken = String(((await csrf.json()) as { csrfToken?: unknown }).csrfToken);
  const csrfCookie = `next-auth.csrf-token=${setCookie(csrf, "next-auth.csrf-token")?.value ?? ""}`;
  const response = await api("/api/auth/callback/credentials", {
    method: "POST",
    headers: { cookie: csrfCookie },
    json: { username, password, csrfToken, json: "true", ...(callbackUrl ? { callbackUrl } : {}) },
  }, base);
  const session = setCookie(response, "next-auth.session-token")?.value;
  return { response, csrfToken, csrfCookie, cookie: session ? `next-auth.session-token=${session}` : "" };
}

/** Signs out of next-auth the way its own client does: a CSRF token, then POST /api/auth/signout. */
export async function nextAuthSignOut(cookie: string, base?: string): Promise<Response> {
  const csrf = await api("/api/auth/csrf", { headers: { cookie } }, base);
  const csrfToken = String(((await csrf.json()) as { csrfToken?: unknown }).csrfToken);
  const csrfCookie = `next-auth.csrf-token=${setCookie(csrf, "next-auth.csrf-token")?.value ?? ""}`;
  return api("/api/auth/signout", { method: "POST", headers: { cookie: `${cookie}; ${csrfCookie}` }, json: { csrfToken, json: "true" } }, base);
}
