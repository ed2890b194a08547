import { parseUser } from "./guards";
import { asSessionCheck, toEmptyResult, toResult, type LoggedFetch } from "./http";
import type { ApiResult, ApproachClient, User } from "./types";

// The password is the credential here; a session cookie the browser still holds goes along, and
// the sign-in ends that session (see the login route).
const SIGN_IN_CREDENTIAL = "Username and password, in the JSON body";

export interface CookieSignInOptions {
  /** The approach's API, `/api/{approach}`. */
  base: string;
  /** The HttpOnly session cookie's name, for the log (see describeSent). */
  cookie: string;
  /** Why the page-load check shows up in the log. */
  restoreNote: string;
}

/**
 * Signing in and out where the approach's own routes set and clear an HttpOnly session
 * cookie: credentials go to `{base}/login` as JSON, and `{base}/me` tells whether the
 * cookie the browser still holds finds a session. Script never sees the cookie.
 *
 * @example
 * const http = createLoggedFetch();
 * const signIn = createCookieSignIn(http, { base: "/api/cookie", cookie: "session-lab", restoreNote: "page load" });
 * await signIn.login("alice", "correct horse");
 */
export function createCookieSignIn(
  http: LoggedFetch,
  { base, cookie, restoreNote }: CookieSignInOptions,
): Pick<ApproachClient, "restore" | "login" | "logout"> {
  const cookies = [cookie];
  let restoring: Promise<ApiResult<User | null>> | null = null;

  return {
    restore() {
      restoring ??= http
        .send("GET", `${base}/me`, { cookies, note: restoreNote })
        .then((raw) => asSessionCheck(toResult(raw, parseUser)))
        .finally(() => {
          restoring = null;
        });
      return restoring;
    },
    login: async (username, password) =>
      toResult(await http.send("POST", `${base}/login`, { credential: SIGN_IN_CREDENTIAL, cookies, json: { username, password } }), parseUser),
    logout: async () => toEmptyResult(await http.send("POST", `${base}/logout`, { cookies })),
  };
}
