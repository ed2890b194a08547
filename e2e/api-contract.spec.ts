import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import { decodeProtectedHeader } from "jose";
import { DEMO_PASSWORD, api, cookieLogin, jwtLogin, nextAuthLogin, nextAuthSignOut, serverSessionLogin, setCookie } from "./support/http";

// The HTTP contract of DESIGN.md, row by row, against the production build.

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.text();
  expect(JSON.parse(body)).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  expect(body).not.toMatch(/eyJ|Fe26|at .*\(|node_modules|Error:/);
  return body;
}

test.describe("health and keys", () => {
  test("GET /api/health answers without auth", async () => {
    const response = await api("/api/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  test("GET /.well-known/jwks.json publishes public keys only", async () => {
    const { keys } = (await (await api("/.well-known/jwks.json")).json()) as { keys: Record<string, unknown>[] };
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig", kid: expect.any(String) });
      expect(key).not.toHaveProperty("d");
    }
  });

  test("the key set holds the key the server signs with", async () => {
    const { kid } = decodeProtectedHeader((await jwtLogin("bob")).token);
    const { keys } = (await (await api("/.well-known/jwks.json")).json()) as { keys: { kid: string }[] };
    expect(keys.map((key) => key.kid)).toContain(kid);
  });
});

test.describe("JWT bearer", () => {
  test("login answers a bearer token and a narrow refresh cookie, not stored by caches", async () => {
    const { response, body, token, refresh } = await jwtLogin("alice");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(body).toEqual({ access_token: token, token_type: "Bearer", expires_in: 300 });
    expect(token.split(".")).toHaveLength(3);
    expect(refresh.length).toBeGreaterThan(40);
    const attributes = setCookie(response, "jwt-refresh")?.attributes.toLowerCase() ?? "";
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=strict");
    expect(attributes).toContain("path=/api/jwt");
  });

  test("wrong password and unknown user get the same answer", async () => {
    const wrong = await api("/api/jwt/login", { method: "POST", json: { username: "alice", password: "nope-nope" } });
    const unknown = await api("/api/jwt/login", { method: "POST", json: { username: "nobody", password: "nope-nope" } });
    expect(await expectProblem(wrong, 401)).toBe(await expectProblem(unknown, 401));
    expect(wrong.headers.getSetCookie()).toEqual(unknown.headers.getSetCookie());
  });

  test("me: 200 with a token; 401 with a challenge without; invalid_token for a bad one; 400 for a malformed header", async () => {
    const { token } = await jwtLogin("bob");
    const ok = await api("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } });
    expect(await ok.json()).toEqual({ user: { id: 2, username: "bob", role: "member" } });

    const none = await api("/api/jwt/me");
    await expectProblem(none, 401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="session-lab"');

    const forged = await api("/api/jwt/me", { headers: { authorization: `Bearer ${token.slice(0, -4)}AAAA` } });
    await expectProblem(forged, 401);
    expect(forged.headers.get("www-authenticate")).toContain('error="invalid_token"');

    const malformed = await api("/api/jwt/me", { headers: { authorization: "Bearer a b c" } });
    await expectProblem(malformed, 400);
    expect(malformed.headers.get("www-authenticate")).toContain('error="invalid_request"');
  });

  test("admin: 200 for alice, 403 insufficient_scope for bob", async () => {
    const alice = await jwtLogin("alice");
    expect((await api("/api/jwt/admin", { headers: { authorization: `Bearer ${alice.token}` } })).status).toBe(200);
    const bob = await jwtLogin("bob");
    const refused = await api("/api/jwt/admin", { headers: { authorization: `Bearer ${bob.token}` } });
    await expectProblem(refused, 403);
    expect(refused.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
  });

  test("refresh rotates; a used refresh token gets one more successor, and a third use revokes the family", async () => {
    const { refresh } = await jwtLogin("alice");
    const first = await api("/api/jwt/refresh", { method: "POST", headers: { cookie: `jwt-refresh=${refresh}` } });
    expect(first.status).toBe(200);
    const firstBody = (await first.json()) as { access_token: string };
    expect(firstBody).toMatchObject({ token_type: "Bearer", expires_in: 300 });
    const successor = setCookie(first, "jwt-refresh")?.value;
    expect(successor).toBeTruthy();
    expect(successor).not.toBe(refresh);
    // Within the grace window the same token works once more (a second tab refreshing at once)...
    const secondTab = await api("/api/jwt/refresh", { method: "POST", headers: { cookie: `jwt-refresh=${refresh}` } });
    expect(secondTab.status).toBe(200);
    const accessTokens = [firstBody.access_token, ((await secondTab.json()) as { access_token: string }).access_token];
    for (const token of accessTokens) expect((await api("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    // ...and no more: a third copy is a thief's, and both tabs' successors die with the family,
    // and so do the access tokens minted from it.
    await expectProblem(await api("/api/jwt/refresh", { method: "POST", headers: { cookie: `jwt-refresh=${refresh}` } }), 401);
    for (const next of [successor, setCookie(secondTab, "jwt-refresh")?.value]) {
      await expectProblem(await api("/api/jwt/refresh", { method: "POST", headers: { cookie: `jwt-refresh=${next}` } }), 401);
    }
    for (const token of accessTokens) await expectProblem(await api("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } }), 401);
    await expectProblem(await api("/api/jwt/refresh", { method: "POST" }), 401);
    await expectProblem(await api("/api/jwt/refresh", { method: "POST", headers: { cookie: "jwt-refresh=forged" } }), 401);
  });

  test("logout: 204, and the access token, the refresh token and another tab's access token stop working", async () => {
    const { token, refresh } = await jwtLogin("bob");
    const otherTab = await api("/api/jwt/refresh", { method: "POST", headers: { cookie: `jwt-refresh=${refresh}` } });
    const { access_token: otherToken } = (await otherTab.json()) as { access_token: string };
    expect((await api("/api/jwt/me", { headers: { authorization: `Bearer ${otherToken}` } })).status).toBe(200);
    const logout = await api("/api/jwt/logout", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, cookie: `jwt-refresh=${refresh}` },
    });
    expect(logout.status).toBe(204);
    const replay = await api("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } });
    await expectProblem(replay, 401);
    expect(replay.headers.get("www-authenticate")).toContain('error="invalid_token"');
    await expectProblem(await api("/api/jwt/refresh", { method: "POST", headers: { cookie: `jwt-refresh=${refresh}` } }), 401);
    await expectProblem(await api("/api/jwt/me", { headers: { authorization: `Bearer ${otherToken}` } }), 401);
  });

  test("logout with the access token alone ends its sign-in's refresh tokens too", async () => {
    const { token, refresh } = await jwtLogin("bob");
    expect((await api("/api/jwt/logout", { method: "POST", headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
    await expectProblem(await api("/api/jwt/refresh", { method: "POST", headers: { cookie: `jwt-refresh=${refresh}` } }), 401);
  });
});

test.describe("encrypted cookie", () => {
  test("login sets a sealed HttpOnly SameSite=Lax cookie for the whole site", async () => {
    const { response, cookie } = await cookieLogin("alice");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ user: { id: 1, username: "alice", role: "admin" } });
    expect(cookie).toMatch(/^session-lab=Fe26\.2\*/);
    const attributes = setCookie(response, "session-lab")?.attributes.toLowerCase() ?? "";
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
    expect(attributes).toContain("path=/");
    expect(attributes).toMatch(/max-age=\d+/);
  });

  test("me and admin: 200, 401 without the cookie (no bearer challenge), 403 for bob", async () => {
    const alice = await cookieLogin("alice");
    expect((await api("/api/cookie/me", { headers: { cookie: alice.cookie } })).status).toBe(200);
    expect((await api("/api/cookie/admin", { headers: { cookie: alice.cookie } })).status).toBe(200);
    const none = await api("/api/cookie/me");
    await expectProblem(none, 401);
    expect(none.headers.get("www-authenticate")).toBeNull();
    const bob = await cookieLogin("bob");
    await expectProblem(await api("/api/cookie/admin", { headers: { cookie: bob.cookie } }), 403);
  });

  test("a tampered, truncated or foreign cookie is simply not signed in", async () => {
    const { cookie } = await cookieLogin("alice");
    for (const bad of [`${cookie.slice(0, -10)}AAAAAAAA~2`, cookie.slice(0, 60), "session-lab=Fe26.2**~2", "session-lab=%00%ff", "session-lab="]) {
      await expectProblem(await api("/api/cookie/me", { headers: { cookie: bad } }), 401);
    }
  });

  test("logout: 204, cookie cleared, and a copy of the old cookie no longer works", async () => {
    const { cookie } = await cookieLogin("bob");
    const logout = await api("/api/cookie/logout", { method: "POST", headers: { cookie } });
    expect(logout.status).toBe(204);
    expect(setCookie(logout, "session-lab")?.attributes.toLowerCase()).toContain("max-age=0");
    await expectProblem(await api("/api/cookie/me", { headers: { cookie } }), 401);
  });

  test("a state-changing request from another site is refused and changes nothing", async () => {
    const { cookie } = await cookieLogin("bob");
    const csrfNotes = async () => JSON.stringify(await (await api("/api/cookie/notes", { headers: { cookie } })).json()).match(/"csrf"/g) ?? [];
    expect(await csrfNotes()).toEqual([]);
    for (const origin of ["https://evil.example", "null"]) {
      await expectProblem(await api("/api/cookie/notes", { method: "POST", headers: { cookie, origin }, json: { text: "csrf" } }), 403);
    }
    await expectProblem(
      await api("/api/cookie/notes", { method: "POST", headers: { cookie, "sec-fetch-site": "cross-site" }, json: { text: "csrf" } }),
      403,
    );
    // Not "the same notes as before": other tests add and delete bob's notes meanwhile.
    expect(await csrfNotes()).toEqual([]);
  });
});

test.describe("next-auth", () => {
  test("its own endpoints: csrf, credentials callback, session, signout", async () => {
    const { response, cookie, csrfToken } = await nextAuthLogin("alice");
    expect(response.status).toBe(200);
    expect(csrfToken).toMatch(/^[0-9a-f]{64}$/);
    expect(cookie).toMatch(/^next-auth\.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0\./); // JWE: dir + A256GCM
    const attributes = setCookie(response, "next-auth.session-token")?.attributes.toLowerCase() ?? "";
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");

    const session = await api("/api/auth/session", { headers: { cookie } });
    expect(await session.json()).toMatchObject({ user: { id: 1, username: "alice", role: "admin" }, expires: expect.any(String) });
    expect((await api("/api/nextauth/me", { headers: { cookie } })).status).toBe(200);
    expect((await api("/api/nextauth/admin", { headers: { cookie } })).status).toBe(200);

    const signOutCsrf = await api("/api/auth/csrf", { headers: { cookie } });
    const token = String(((await signOutCsrf.json()) as { csrfToken?: unknown }).csrfToken);
    const csrfCookie = `next-auth.csrf-token=${setCookie(signOutCsrf, "next-auth.csrf-token")?.value ?? ""}`;
    const signOut = await api("/api/auth/signout", { method: "POST", headers: { cookie: `${cookie}; ${csrfCookie}` }, json: { csrfToken: token, json: "true" } });
    expect(signOut.status).toBe(200);
    expect(setCookie(signOut, "next-auth.session-token")?.attributes.toLowerCase()).toMatch(/max-age=0|expires=thu, 01 jan 1970/);
    // The copy of the cookie taken before sign-out no longer works.
    await expectProblem(await api("/api/nextauth/me", { headers: { cookie } }), 401);
    expect(await (await api("/api/auth/session", { headers: { cookie } })).json()).toEqual({});
  });

  test("signout revokes whatever path next-auth reads it from, and only when next-auth signs out", async () => {
    const { cookie } = await nextAuthLogin("bob");
    const csrf = await api("/api/auth/csrf", { headers: { cookie } });
    const csrfToken = String(((await csrf.json()) as { csrfToken?: unknown }).csrfToken);
    const withCsrf = `${cookie}; next-auth.csrf-token=${setCookie(csrf, "next-auth.csrf-token")?.value ?? ""}`;
    const signOut = (path: string, token: string, origin?: string) =>
      api(path, { method: "POST", headers: { cookie: withCsrf, ...(origin ? { origin } : {}) }, json: { csrfToken: token, json: "true" } });

    await expectProblem(await signOut("/api/auth/signout", csrfToken, "https://evil.example"), 403);
    // A wrong CSRF token: next-auth sends the browser back to its sign-out page, and nothing changed.
    const refused = await signOut("/api/auth/signout", "0".repeat(64));
    expect(await refused.json()).toMatchObject({ url: expect.stringContaining("csrf=true") });
    expect((await api("/api/nextauth/me", { headers: { cookie } })).status).toBe(200);
    // next-auth takes its action from the first segment: this is a sign-out, and the copy dies with it.
    expect((await signOut("/api/auth/signout/anything", csrfToken)).status).toBe(200);
    await expectProblem(await api("/api/nextauth/me", { headers: { cookie } }), 401);
  });

  test("wrong password and unknown user alike: 401 and no session cookie", async () => {
    for (const [username, password] of [["alice", "nope-nope"], ["nobody", DEMO_PASSWORD]] as const) {
      const { response, cookie } = await nextAuthLogin(username, password);
      expect(response.status).toBe(401);
      expect(cookie).toBe("");
    }
  });

  test("a sign-in from another site is refused, even with a CSRF token of its own, as the other approaches' logins are", async () => {
    const csrf = await api("/api/auth/csrf");
    const csrfToken = String(((await csrf.json()) as { csrfToken?: unknown }).csrfToken);
    const cookie = `next-auth.csrf-token=${setCookie(csrf, "next-auth.csrf-token")?.value ?? ""}`;
    const json = { username: "alice", password: DEMO_PASSWORD, csrfToken, json: "true" };
    for (const crossSite of [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }] as Record<string, string>[]) {
      const response = await api("/api/auth/callback/credentials", { method: "POST", headers: { cookie, ...crossSite }, json });
      await expectProblem(response, 403);
      expect(setCookie(response, "next-auth.session-token")).toBeUndefined();
    }
    expect((await api("/api/auth/callback/credentials", { method: "POST", headers: { cookie }, json })).status).toBe(200); // the same, from no site
  });

  test("a sign-in without the CSRF token, or with a wrong one, is sent back to sign in, and signs nobody in", async () => {
    const credentials = { username: "alice", password: DEMO_PASSWORD, json: "true" };
    const csrf = await api("/api/auth/csrf");
    const csrfCookie = `next-auth.csrf-token=${setCookie(csrf, "next-auth.csrf-token")?.value ?? ""}`;
    const answers = [
      await api("/api/auth/callback/credentials", { method: "POST", json: credentials }),
      await api("/api/auth/callback/credentials", { method: "POST", headers: { cookie: csrfCookie }, json: { ...credentials, csrfToken: "0".repeat(64) } }),
    ];
    for (const response of answers) {
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ url: expect.stringContaining("csrf=true") });
      expect(setCookie(response, "next-auth.session-token")).toBeUndefined();
    }
  });

  test("callbackUrl never leads off the site", async () => {
    for (const callbackUrl of ["https://evil.example/x", "//evil.example", "/\\evil.example"]) {
      const { response } = await nextAuthLogin("bob", DEMO_PASSWORD, callbackUrl);
      const { url } = (await response.json()) as { url: string };
      expect(new URL(url).hostname).toBe("localhost");
    }
  });

  test("me, admin: 401 without the cookie, 403 for bob; a tampered cookie is not signed in", async () => {
    await expectProblem(await api("/api/nextauth/me"), 401);
    const bob = await nextAuthLogin("bob");
    await expectProblem(await api("/api/nextauth/admin", { headers: { cookie: bob.cookie } }), 403);
    for (const bad of [`${bob.cookie.slice(0, -6)}AAAAAA`, bob.cookie.slice(0, 80), "next-auth.session-token=garbage", "next-auth.session-token="]) {
      await expectProblem(await api("/api/nextauth/me", { headers: { cookie: bad } }), 401);
    }
  });

  test("only the endpoints a Credentials-only setup uses: anything else is a problem, not next-auth's text", async () => {
    const callback = await api("/api/auth/callback/credentials"); // next-auth itself: 500, "Error: Callback for provider type credentials not supported"
    await expectProblem(callback, 405);
    expect(callback.headers.get("allow")).toBe("OPTIONS, POST");
    await expectProblem(await api("/api/auth/_log", { method: "POST", body: "level=error&code=FORGED", headers: { "content-type": "application/x-www-form-urlencoded" } }), 404);
    await expectProblem(await api("/api/auth/session", { method: "POST" }), 405);
    await expectProblem(await api("/api/auth/csrf", { method: "POST" }), 405);
    await expectProblem(await api("/api/auth/nope"), 404);
    await expectProblem(await api("/api/auth/callback/github", { method: "POST" }), 404);
    const head = await api("/api/auth/session", { method: "HEAD" });
    expect(head.status).toBe(200);
  });

  test("a callbackUrl or an error next-auth cannot read gets a 400, never its 500; a planted callback cookie is cleared", async () => {
    for (const path of ["/api/auth/csrf", "/api/auth/session", "/api/auth/providers", "/api/auth/signin"]) {
      await expectProblem(await api(`${path}?callbackUrl=javascript:alert(1)`), 400);
    }
    for (const error of ["%00", "%01", "%0d%0aSet-Cookie:%20x=1", "%7F", "%E2%82%AC"]) {
      await expectProblem(await api(`/api/auth/error?error=${error}`), 400);
      await expectProblem(await api(`/api/auth/error/${error}`), 400); // next-auth reads it from the path too
    }
    await expectProblem(await api("/api/auth/csrf?callbackUrl=/fine&callbackUrl=javascript:alert(1)"), 400); // the last one counts
    const planted = await api("/api/auth/session", { headers: { cookie: "next-auth.callback-url=javascript:alert(1)" } });
    await expectProblem(planted, 400);
    expect(planted.headers.get("set-cookie")).toMatch(/^next-auth\.callback-url=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/);
    // What next-auth can read still works: a path, this site's URL, and its own error names.
    expect((await api("/api/auth/csrf?callbackUrl=/nextauth/account")).status).toBe(200);
    expect((await api("/api/auth/session", { headers: { cookie: "next-auth.callback-url=http%3A%2F%2Flocalhost%2Fnextauth" } })).status).toBe(200);
    const named = await api("/api/auth/error?error=Too%20many%20failed%20sign-ins", { redirect: "manual" });
    expect([named.status, named.headers.get("location")]).toEqual([302, "/nextauth?error=Too many failed sign-ins"]);
    expect((await api("/api/auth/csrf?callbackUrl=javascript:alert(1)&callbackUrl=/fine")).status).toBe(200);
  });

  test("bodies next-auth cannot parse get a 4xx, never a 5xx", async () => {
    await expectProblem(await api("/api/auth/callback/credentials", { method: "POST", body: "{bad", headers: { "content-type": "application/json" } }), 400);
    // next-auth parses as JSON any body whose Content-Type merely contains application/json.
    for (const type of ["application/json-patch+json", "text/plain; x=application/json"]) {
      await expectProblem(await api("/api/auth/signout", { method: "POST", body: "{bad", headers: { "content-type": type } }), 400);
    }
    // And hands a JSON body's callbackUrl, whatever it is, to a callback that takes a string.
    for (const path of ["/api/auth/signout", "/api/auth/callback/credentials"]) {
      for (const callbackUrl of [1, ["/nextauth"], {}]) {
        await expectProblem(await api(path, { method: "POST", json: { csrfToken: "x", callbackUrl } }), 400);
      }
    }
    const huge = await api("/api/auth/callback/credentials", { method: "POST", body: `a=${"x".repeat(100_000)}`, headers: { "content-type": "application/x-www-form-urlencoded" } });
    await expectProblem(huge, 413);
  });
});

test.describe("server-side session", () => {
  test("login sets an opaque id.secret cookie: HttpOnly, SameSite=Lax, whole site", async () => {
    const { response, cookie } = await serverSessionLogin("alice");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ user: { id: 1, username: "alice", role: "admin" } });
    expect(cookie).toMatch(/^session-lab\.sid=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    const attributes = setCookie(response, "session-lab.sid")?.attributes.toLowerCase() ?? "";
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("samesite=lax");
    expect(attributes).toContain("path=/");
  });

  test("me and admin: 200, 401 without the cookie, 403 for bob; a forged id is not signed in", async () => {
    const alice = await serverSessionLogin("alice");
    expect((await api("/api/server-session/me", { headers: { cookie: alice.cookie } })).status).toBe(200);
    expect((await api("/api/server-session/admin", { headers: { cookie: alice.cookie } })).status).toBe(200);
    const none = await api("/api/server-session/me");
    await expectProblem(none, 401);
    expect(none.headers.get("www-authenticate")).toBeNull();
    await expectProblem(await api("/api/server-session/admin", { headers: { cookie: (await serverSessionLogin("bob")).cookie } }), 403);
    const [id] = alice.cookie.split("=")[1]?.split(".") ?? [];
    for (const bad of [`session-lab.sid=${id}.${"A".repeat(43)}`, "session-lab.sid=abc", `${alice.cookie}x`]) {
      await expectProblem(await api("/api/server-session/me", { headers: { cookie: bad } }), 401);
    }
  });

  test("logout: 204, and the copy is dead at once; sessions can be listed and revoked one by one", async () => {
    const phone = await serverSessionLogin("bob");
    const laptop = await serverSessionLogin("bob");
    const listed = (await (await api("/api/server-session/sessions", { headers: { cookie: laptop.cookie } })).json()) as {
      sessions: { id: string; current: boolean }[];
    };
    const phoneId = phone.cookie.split("=")[1]?.split(".")[0] ?? "";
    expect(listed.sessions.map((s) => s.id)).toEqual(expect.arrayContaining([phoneId]));
    expect(listed.sessions.filter((s) => s.current)).toHaveLength(1);
    const revokedPhone = await api(`/api/server-session/sessions/${phoneId}`, { method: "DELETE", headers: { cookie: laptop.cookie } });
    expect(revokedPhone.status).toBe(204);
    expect(setCookie(revokedPhone, "session-lab.sid")).toBeUndefined(); // the laptop stays signed in
    await expectProblem(await api("/api/server-session/me", { headers: { cookie: phone.cookie } }), 401);
    await expectProblem(await api("/api/server-session/sessions/not-mine", { method: "DELETE", headers: { cookie: laptop.cookie } }), 404);

    // Revoking this device's own session clears its cookie, as logout does.
    const tablet = await serverSessionLogin("bob");
    const tabletId = tablet.cookie.split("=")[1]?.split(".")[0] ?? "";
    const revokedSelf = await api(`/api/server-session/sessions/${tabletId}`, { method: "DELETE", headers: { cookie: tablet.cookie } });
    expect(revokedSelf.status).toBe(204);
    expect(setCookie(revokedSelf, "session-lab.sid")).toMatchObject({ value: "", attributes: expect.stringMatching(/Max-Age=0/i) });
    await expectProblem(await api("/api/server-session/me", { headers: { cookie: tablet.cookie } }), 401);

    expect((await api("/api/server-session/logout", { method: "POST", headers: { cookie: laptop.cookie } })).status).toBe(204);
    await expectProblem(await api("/api/server-session/me", { headers: { cookie: laptop.cookie } }), 401);
  });
});

for (const approach of ["jwt", "cookie", "nextauth", "server-session"] as const) {
  test.describe(`notes through ${approach}`, () => {
    const credential = async (username: string): Promise<Record<string, string>> => {
      if (approach === "jwt") return { authorization: `Bearer ${(await jwtLogin(username)).token}` };
      if (approach === "server-session") return { cookie: (await serverSessionLogin(username)).cookie };
      return { cookie: (approach === "cookie" ? await cookieLogin(username) : await nextAuthLogin(username)).cookie };
    };

    test("create 201, list, someone else's note 404, delete 204", async () => {
      const alice = await credential("alice");
      const bob = await credential("bob");
      const text = `private ${approach} ${Date.now()}`;
      const created = await api(`/api/${approach}/notes`, { method: "POST", headers: alice, json: { text } });
      expect(created.status).toBe(201);
      const { note } = (await created.json()) as { note: { id: number; text: string } };
      expect(note.text).toBe(text);

      const list = await api(`/api/${approach}/notes`, { headers: alice });
      expect(list.headers.get("cache-control")).toBe("no-store"); // someone's private data: no cache keeps it
      const mine = (await list.json()) as { notes: { id: number }[] };
      expect(mine.notes.map((n) => n.id)).toContain(note.id);
      const theirs = (await (await api(`/api/${approach}/notes`, { headers: bob })).json()) as { notes: { id: number }[] };
      expect(theirs.notes.map((n) => n.id)).not.toContain(note.id);

      await expectProblem(await api(`/api/${approach}/notes/${note.id}`, { method: "DELETE", headers: bob }), 404);
      expect((await api(`/api/${approach}/notes/${note.id}`, { method: "DELETE", headers: alice })).status).toBe(204);
    });

    test("bad bodies get a clean 4xx", async () => {
      const alice = await credential("alice");
      const post = (init: RequestInit & { json?: unknown }) => api(`/api/${approach}/notes`, { method: "POST", ...init, headers: { ...alice, ...init.headers } });
      await expectProblem(await post({ json: { text: "" } }), 400);
      await expectProblem(await post({ json: { text: "x".repeat(1001) } }), 400);
      await expectProblem(await post({ json: { text: 42 } }), 400);
      await expectProblem(await post({ json: [] }), 400);
      await expectProblem(await post({ body: "{not json", headers: { "content-type": "application/json" } }), 400);
      await expectProblem(await post({ body: "text=hi", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415);
      await expectProblem(await post({ body: JSON.stringify({ text: "x".repeat(100_000) }), headers: { "content-type": "application/json" } }), 413);
      await expectProblem(await api(`/api/${approach}/notes/abc`, { method: "DELETE", headers: alice }), 404);
      await expectProblem(await api(`/api/${approach}/notes/%E6%97`, { method: "DELETE", headers: alice }), 400); // half a character
    });

    test("no credential: 401", async () => {
      await expectProblem(await api(`/api/${approach}/notes`), 401);
      await expectProblem(await api(`/api/${approach}/notes`, { method: "POST", json: { text: "x" } }), 401);
    });
  });
}

test("sign-in bodies of any shape get a 4xx, never a 5xx", async () => {
  for (const approach of ["jwt", "cookie", "server-session"]) {
    for (const json of [{}, { username: "alice" }, { username: 1, password: 2 }, [], null, "alice", { username: "a".repeat(10_000), password: DEMO_PASSWORD }]) {
      const response = await api(`/api/${approach}/login`, { method: "POST", json });
      expect(response.status, JSON.stringify(json)).toBeGreaterThanOrEqual(400);
      expect(response.status, JSON.stringify(json)).toBeLessThan(500);
    }
  }
});

test.describe("requests Next.js alone would answer with a 500", () => {
  /**
   * fetch cannot send TRACE (the fetch standard forbids it), a target that is no path, nor a
   * header twice: these go through node:http. `rawHeaders` as Node writes them: name, value, name, value…
   */
  const send = (method: string, path: string, target = path, rawHeaders?: string[]) =>
    new Promise<Response>((resolve, reject) => {
      const sent = httpRequest(new URL(path, test.info().project.use.baseURL), { method, path: target, ...(rawHeaders ? { headers: rawHeaders } : {}) }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const headers = new Headers(Object.entries(answer.headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value] as [string, string]] : [])));
          resolve(new Response(Buffer.concat(chunks), { status: answer.statusCode, headers }));
        });
      });
      sent.on("error", reject);
      sent.end();
    });

  test("a second Host or Authorization header, which Node would drop unseen: 400, with a bearer challenge for the credential", async () => {
    const { token } = await jwtLogin("bob");
    const host = new URL(test.info().project.use.baseURL ?? "").host;
    const bothTokens = await send("GET", "/api/jwt/me", "/api/jwt/me", ["Host", host, "Authorization", `Bearer ${token}`, "Authorization", "Bearer garbage"]);
    const body = await expectProblem(bothTokens, 400);
    expect(JSON.parse(body)).toMatchObject({ detail: "Send the Authorization header once." });
    expect(bothTokens.headers.get("www-authenticate")).toBe('Bearer realm="session-lab", error="invalid_request"');
    const twoHosts = await send("GET", "/api/health", "/api/health", ["Host", host, "Host", "evil.example"]);
    expect(JSON.parse(await expectProblem(twoHosts, 400))).toMatchObject({ detail: "Send the Host header once." });
    // One of each is the everyday request.
    expect((await send("GET", "/api/jwt/me", "/api/jwt/me", ["Host", host, "Authorization", `Bearer ${token}`])).status).toBe(200);
  });

  test("TRACE, and methods Next.js does not route (an empty 400 from it), on any path: 501", async () => {
    for (const method of ["TRACE", "PROPFIND", "LOCK"]) {
      for (const path of ["/api/jwt/me", "/api/health", "/api/auth/session", "/", "/.well-known/jwks.json"]) await expectProblem(await send(method, path), 501);
    }
  });

  test("a path with broken percent-encoding: 400", async () => {
    await expectProblem(await api("/api/auth/%ZZ"), 400);
    await expectProblem(await api("/api/server-session/sessions/%E6%97", { method: "DELETE" }), 400);
  });

  test("a request target that is no path (OPTIONS *, an absolute URL): 400, not a 500 or a redirect off the site", async () => {
    for (const method of ["OPTIONS", "GET"]) await expectProblem(await send(method, "/", "*"), 400);
    const absolute = await send("GET", "/", "http://evil.example/cookie/account");
    expect(absolute.headers.get("location")).toBeNull();
    await expectProblem(absolute, 400);
  });

  test("a method a route does not export: a 405 problem naming, in Allow, what it does (Next.js sent neither)", async () => {
    const cases: [method: string, path: string, allow: string][] = [
      ["PUT", "/api/health", "GET, HEAD, OPTIONS"],
      ["GET", "/api/jwt/login", "OPTIONS, POST"],
      ["HEAD", "/api/cookie/logout", "OPTIONS, POST"],
      ["POST", "/api/server-session/sessions/anything", "DELETE, OPTIONS"],
      ["DELETE", "/.well-known/jwks.json", "GET, HEAD, OPTIONS"],
      ["PUT", "/api/auth/session", "GET, HEAD, OPTIONS"], // next-auth's route names what each of its endpoints takes
    ];
    for (const [method, path, allow] of cases) {
      const answer = await send(method, path);
      expect([answer.status, answer.headers.get("allow")], `${method} ${path}`).toEqual([405, allow]);
      if (method !== "HEAD") await expectProblem(answer, 405);
    }
    const options = await api("/api/jwt/login", { method: "OPTIONS" }); // Next.js's own answer, in the same order
    expect([options.status, options.headers.get("allow")]).toEqual([204, "OPTIONS, POST"]);
    const ownOptions = await api("/api/auth/signout", { method: "OPTIONS" }); // next-auth's route, per endpoint
    expect([ownOptions.status, ownOptions.headers.get("allow")]).toEqual([204, "GET, HEAD, OPTIONS, POST"]);
  });

  test("a page takes GET, HEAD and a form's POST; another method is a 405 problem, where Next.js rendered the page or sent an empty 400", async () => {
    for (const path of ["/", "/jwt", "/cookie/account"]) {
      for (const method of ["PUT", "PATCH", "DELETE", "OPTIONS"]) {
        const answer = await send(method, path);
        expect([answer.status, answer.headers.get("allow")], `${method} ${path}`).toEqual([405, "GET, HEAD, POST"]);
        await expectProblem(answer, 405);
      }
    }
    for (const method of ["HEAD", "POST"]) expect((await send(method, "/jwt")).status, method).toBe(200);
  });

  test("an API path no route claims: a 404 problem, not the HTML page", async () => {
    for (const path of ["/api", "/api/nope", "/api/jwt/nope", "/api/lab/attacks/x"]) {
      for (const method of ["DELETE", "OPTIONS"]) await expectProblem(await api(path, { method }), 404); // not a 204 listing methods that 404
    }
    // Under a protected route too, sent with no credential: not a 401 that says one is needed.
    for (const path of ["/api/jwt/me/x", "/api/cookie/admin/x", "/api/nextauth/notes/7/x", "/api/server-session/sessions/abc/x"]) {
      for (const method of ["GET", "PUT"]) await expectProblem(await api(path, { method }), 404);
    }
  });

  test("OPTIONS on a protected route: the same 204 and Allow, signed in or not", async () => {
    const { token } = await jwtLogin("alice");
    for (const headers of [{}, { authorization: `Bearer ${token}` }] as Record<string, string>[]) {
      const options = await api("/api/jwt/me", { method: "OPTIONS", headers });
      expect([options.status, options.headers.get("allow")]).toEqual([204, "GET, HEAD, OPTIONS"]);
    }
  });

  test("a multipart POST to a page, which Next.js takes for a server action: 400, not its 409 and log lines", async () => {
    for (const path of ["/", "/no-such-page"]) {
      const post = { method: "POST", body: "--x--\r\n", headers: { "content-type": "multipart/form-data; boundary=x" } };
      await expectProblem(await api(path, post), 400);
    }
  });

  test("forwarded headers: a proxy chain's list reaches the account page; a host or scheme naming no http(s) origin is a 400", async () => {
    const { cookie } = await cookieLogin("alice");
    const chain = await api("/cookie/account", { headers: { cookie, "x-forwarded-host": `${new URL(test.info().project.use.baseURL ?? "").host}, proxy.internal` } });
    expect(chain.status).toBe(200);
    for (const headers of [{ "x-forwarded-proto": "x y" }, { "x-forwarded-host": "a b" }] as Record<string, string>[]) {
      // A prefetch skips the proxy's early redirect, so the page itself built a URL from these.
      await expectProblem(await api("/server-session/account", { headers: { purpose: "prefetch", ...headers } }), 400);
      await expectProblem(await api("/cookie/account", { headers: { cookie, ...headers } }), 400);
    }
  });

  test("behind a TLS proxy, whatever case it writes the scheme in: a cookie sign-in works, its cookie __Host- and Secure, with HSTS", async () => {
    const host = new URL(test.info().project.use.baseURL ?? "").host;
    for (const proto of ["https", "HTTPS", "https, http"]) {
      const headers = { origin: `https://${host}`, "x-forwarded-proto": proto };
      const response = await api("/api/cookie/login", { method: "POST", headers, json: { username: "bob", password: DEMO_PASSWORD } });
      expect(response.status, proto).toBe(200);
      expect(setCookie(response, "__Host-session-lab")?.attributes, proto).toMatch(/Secure/);
      expect(response.headers.get("strict-transport-security"), proto).not.toBeNull();
    }
  });

  test("no image optimizer (the app has no next/image): /_next/image is a 404", async () => {
    expect((await api("/_next/image?url=%2Fapi%2Fhealth&w=64&q=75")).status).toBe(404);
  });
});

test.describe("another origin", () => {
  // A browser cannot send these cross-site with a JSON body (CORS holds back the preflight),
  // and the refresh cookie is SameSite=Strict: each route's own origin check is the layer
  // tested here, by a client that can send anything.
  const foreign: Record<string, string>[] = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }];

  test("no sign-in from another origin: 403, no token, no cookie", async () => {
    const body = { username: "alice", password: DEMO_PASSWORD };
    for (const id of ["jwt", "cookie", "server-session"]) {
      for (const headers of foreign) {
        const response = await api(`/api/${id}/login`, { method: "POST", headers, json: body });
        const problem = await expectProblem(response, 403);
        expect(problem, `${id} ${JSON.stringify(headers)}`).not.toContain("access_token");
        expect(response.headers.getSetCookie(), `${id} ${JSON.stringify(headers)}`).toEqual([]);
      }
      // The same request from the app's own page signs in.
      expect((await api(`/api/${id}/login`, { method: "POST", json: body })).status, id).toBe(200);
    }
  });

  test("no refresh from another origin, and the refused one does not spend the token", async () => {
    const { refresh } = await jwtLogin("alice");
    const cookie = `jwt-refresh=${refresh}`;
    for (const headers of foreign) {
      const response = await api("/api/jwt/refresh", { method: "POST", headers: { cookie, ...headers } });
      await expectProblem(response, 403);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    const own = await api("/api/jwt/refresh", { method: "POST", headers: { cookie } });
    expect(own.status).toBe(200);
    expect(setCookie(own, "jwt-refresh")?.value).not.toBe(refresh);
  });
});

test.describe("a credential cookie sent twice, as a sibling subdomain can toss one in beside the user's", () => {
  /** `POST path` with each of `cookies` in a Cookie header of its own, as fetch cannot send: Node joins them with `; `. */
  const postWithCookieHeaders = (path: string, cookies: string[]) =>
    new Promise<number>((resolve, reject) => {
      const sent = httpRequest(new URL(path, test.info().project.use.baseURL), { method: "POST", headers: { cookie: cookies } }, (answer) => {
        answer.resume();
        answer.on("end", () => resolve(answer.statusCode ?? 0));
      });
      sent.on("error", reject);
      sent.end();
    });

  /** 401 for the cookie in either order, saying why. */
  async function expectRefusedInEitherOrder(path: string, cookie: string, tossed: string, method = "GET") {
    for (const twice of [`${cookie}; ${tossed}`, `${tossed}; ${cookie}`]) {
      const body = await expectProblem(await api(path, { method, headers: { cookie: twice } }), 401);
      expect(JSON.parse(body)).toMatchObject({ detail: expect.stringContaining("more than once") });
    }
  }

  test("sealed cookie: refused in either order; logout ends the live copy", async () => {
    const { cookie } = await cookieLogin("bob");
    await expectRefusedInEitherOrder("/api/cookie/me", cookie, "session-lab=x");
    expect(await postWithCookieHeaders("/api/cookie/logout", [cookie, "session-lab=x"])).toBe(204);
    await expectProblem(await api("/api/cookie/me", { headers: { cookie } }), 401);
  });

  test("server session: refused in either order; logout ends the live copy", async () => {
    const { cookie } = await serverSessionLogin("bob");
    await expectRefusedInEitherOrder("/api/server-session/me", cookie, "session-lab.sid=x");
    expect(await postWithCookieHeaders("/api/server-session/logout", [cookie, "session-lab.sid=x"])).toBe(204);
    await expectProblem(await api("/api/server-session/me", { headers: { cookie } }), 401);
  });

  test("JWT refresh cookie: refreshes nothing in either order; logout ends the live copy's sign-in", async () => {
    const { refresh } = await jwtLogin("bob");
    const cookie = `jwt-refresh=${refresh}`;
    await expectRefusedInEitherOrder("/api/jwt/refresh", cookie, "jwt-refresh=garbage", "POST");
    expect(await postWithCookieHeaders("/api/jwt/logout", ["jwt-refresh=garbage", cookie])).toBe(204);
    await expectProblem(await api("/api/jwt/refresh", { method: "POST", headers: { cookie } }), 401);
  });

  test("next-auth: refused in either order; next-auth's sign-out ends the live copy", async () => {
    const { cookie } = await nextAuthLogin("bob");
    await expectRefusedInEitherOrder("/api/nextauth/me", cookie, "next-auth.session-token=x");
    for (const twice of [`${cookie}; next-auth.session-token=x`, `next-auth.session-token=x; ${cookie}`]) {
      expect(await (await api("/api/auth/session", { headers: { cookie: twice } })).json()).toEqual({}); // next-auth's own read agrees
    }
    expect((await nextAuthSignOut(`next-auth.session-token=x; ${cookie}`)).status).toBe(200);
    await expectProblem(await api("/api/nextauth/me", { headers: { cookie } }), 401);
    // An empty copy last: next-auth reads it, finds no session and clears nothing, yet it signed out.
    const second = (await nextAuthLogin("bob")).cookie;
    expect((await nextAuthSignOut(`${second}; next-auth.session-token=`)).status).toBe(200);
    await expectProblem(await api("/api/nextauth/me", { headers: { cookie: second } }), 401);
  });

  test("next-auth: a session under any name next-auth reads (name.1) is the app's too, and its sign-out ends it", async () => {
    const { cookie } = await nextAuthLogin("bob");
    const chunk = cookie.replace("next-auth.session-token=", "next-auth.session-token.1=");
    expect(await (await api("/api/auth/session", { headers: { cookie: chunk } })).json()).toMatchObject({ user: { username: "bob" } });
    expect((await api("/api/nextauth/me", { headers: { cookie: chunk } })).status).toBe(200);
    expect((await nextAuthSignOut(chunk)).status).toBe(200);
    await expectProblem(await api("/api/nextauth/me", { headers: { cookie } }), 401);
  });
});
