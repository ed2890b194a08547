import { createCookieSignIn } from "./cookie-sign-in";
import { createLoggedFetch } from "./http";
import { cookieInspection } from "./inspection";
import { createResourceClient } from "./resource-client";
import type { ApproachClient } from "./types";

const BASE = "/api/cookie";

const WITH_COOKIE = { cookies: ["session-lab"] };

/**
 * The encrypted-cookie approach from a browser's side. There is nothing to hold: the
 * sealed cookie is HttpOnly, so this code never sees it; the browser attaches it to
 * every same-site request, and the server opens it.
 */
export function createCookieClient(): ApproachClient {
  const http = createLoggedFetch();

  return {
    ...createCookieSignIn(http, {
      base: BASE,
      cookie: "session-lab",
      restoreNote: "page load: is a session cookie there?",
    }),
    ...createResourceClient((method, path, json) => http.send(method, path, { ...WITH_COOKIE, json }), BASE),
    credentialSummary: () => "Session cookie: HttpOnly, so this page's script cannot see it, not even its size",
    inspection: cookieInspection(http, BASE, WITH_COOKIE),
    subscribe: http.subscribe,
    getLog: http.getLog,
  };
}
