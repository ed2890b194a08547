import "server-only";
import { RequestError } from "./errors";
import { NO_STORE, readJson, route } from "./http";
import { assertSameOrigin } from "./origin";
import type { IncomingRequest } from "./request";
import { signOutEverywhere } from "./store";
import { roleChangeSchema, setRole, type Role, type User } from "./users";

/** Any approach's `require…User`, with the role option. */
export type RequireUserWithRole = (request: IncomingRequest, options?: { role?: Role }) => Promise<User>;

/**
 * `POST …/logout-everywhere`: ends every session the caller has, in every approach
 * and on every device, by moving their session version on. `afterwards` clears this
 * approach's own cookie on the way out.
 *
 * @example
 * export const { POST } = logoutEverywhereRoute(requireJwtUser, clearRefreshCookie);
 */
export function logoutEverywhereRoute(requireUser: RequireUserWithRole, afterwards?: (request: IncomingRequest) => Promise<void>) {
  return {
    POST: route(async (request) => {
      // Every sign-out refuses another site, a bearer token's too (which no browser attaches by itself): one rule, no exceptions to remember.
      assertSameOrigin(request);
      const user = await requireUser(request);
      await signOutEverywhere(user.id);
      await afterwards?.(request);
      return new Response(null, { status: 204, headers: NO_STORE });
    }),
  };
}

/**
 * `POST …/admin/role` `{username, role}` (admins only): the new role applies to every
 * credential that user already holds, on their next request.
 */
export function roleChangeRoute(requireUser: RequireUserWithRole) {
  return {
    POST: route(async (request) => {
      const admin = await requireUser(request, { role: "admin" });
      const { username, role } = await readJson(request, roleChangeSchema);
      if (username.toLowerCase() === admin.username.toLowerCase()) {
        throw new RequestError(409, "Conflict", "Admins cannot change their own role here (the lab would lose its admin).");
      }
      const change = setRole(username, role, { by: admin.id });
      if (change.user) return Response.json({ user: change.user }, { headers: NO_STORE });
      if (change.reason === "no-such-user") throw new RequestError(404, "Not Found", "There is no such user.");
      // Demoted since the guard let this request in (setRole checks again as it writes): the
      // guard, asked again, answers the 403 in this approach's own terms.
      await requireUser(request, { role: "admin" });
      throw new RequestError(409, "Conflict", "Your role changed while this request ran. Send it again.");
    }),
  };
}
