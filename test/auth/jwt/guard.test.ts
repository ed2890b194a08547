import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { POST as refreshRoute } from "@/app/api/jwt/refresh/route";
import { ACCESS_TOKEN_TYPE, ALGORITHM, jwtSettings, readRefreshCookie } from "@/lib/auth/jwt/config";
import { endRequestSession, getJwtUser, readBearerToken, requireJwtUser } from "@/lib/auth/jwt/guard";
import { signingKeys } from "@/lib/auth/jwt/keys";
import { issueAccessToken, refreshSession, startSession } from "@/lib/auth/jwt/session";
import { db } from "@/lib/db";
import { AuthError, ForbiddenError } from "@/lib/errors";
import { store } from "@/lib/store";
import { request } from "../../support/requests";
import { createUser, demoUsers } from "../../support/users";

const withAuthorization = (value: string) => request("/api/jwt/me", { headers: { authorization: value } });

describe("readBearerToken", () => {
  it.each([
    ["Bearer abc.def.ghi", "abc.def.ghi"],
    ["bearer abc.def.ghi", "abc.def.ghi"],
    ["BEARER  abc-_~+/=", "abc-_~+/="],
  ])("reads %j", (header, token) => {
    expect(readBearerToken(withAuthorization(header))).toEqual({ token });
  });

  it("calls no header, or another scheme, missing (RFC 6750: no error code)", () => {
    expect(readBearerToken(request("/"))).toEqual({ token: null, reason: "missing" });
    for (const other of ["Basic YWxpY2U6cHc=", "Token", "Bearerabc", "DPoP abc"]) {
      expect(readBearerToken(withAuthorization(other))).toEqual({ token: null, reason: "missing" });
    }
  });

  it.each(["Bearer", "Bearer ", "Bearer a b", "Bearer a,Bearer b", "Bearer <script>", "bearer  ", "Bearer\tabc.def.ghi"])(
    "calls %j malformed",
    (header) => {
      expect(readBearerToken(withAuthorization(header))).toEqual({ token: null, reason: "malformed" });
    },
  );
});

describe("requireJwtUser", () => {
  it("returns the user a valid token belongs to", async () => {
    const { alice } = demoUsers();
    const { token } = await issueAccessToken(alice);
    await expect(requireJwtUser(withAuthorization(`Bearer ${token}`))).resolves.toEqual(alice);
  });

  it("throws a bearer AuthError with the reason", async () => {
    await expect(requireJwtUser(request("/"))).rejects.toMatchObject({ reason: "missing", scheme: "bearer" });
    await expect(requireJwtUser(withAuthorization("Bearer x.y.z"))).rejects.toBeInstanceOf(AuthError);
    await expect(requireJwtUser(withAuthorization("Bearer a b"))).rejects.toMatchObject({ reason: "malformed" });
    await expect(requireJwtUser(withAuthorization(`Bearer ${"a".repeat(9000)}`))).rejects.toMatchObject({ reason: "invalid" });
  });

  it("answers insufficient_scope for the wrong role", async () => {
    const { bob } = demoUsers();
    const { token } = await issueAccessToken(bob);
    const error = await requireJwtUser(withAuthorization(`Bearer ${token}`), { role: "admin" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ scheme: "bearer" });
  });

  it("stops accepting a deleted user's token", async () => {
    const conn = db();
    conn.prepare("INSERT INTO users (id, username, password_hash, role, created_at) VALUES (99, 'carol', 'x', 'member', 0)").run();
    const { token } = await issueAccessToken({ id: 99, username: "carol", role: "member" });
    expect((await getJwtUser(withAuthorization(`Bearer ${token}`))).user?.username).toBe("carol");
    conn.prepare("DELETE FROM users WHERE id = 99").run();
    expect(await getJwtUser(withAuthorization(`Bearer ${token}`))).toEqual({ user: null, reason: "invalid" });
  });

  it("uses the role the user has now, not the one in the token", async () => {
    const { bob } = demoUsers();
    const { token } = await issueAccessToken({ ...bob, role: "admin" });
    await expect(requireJwtUser(withAuthorization(`Bearer ${token}`), { role: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("getJwtUser's size cap", () => {
  it("refuses a genuine token over 8 KB, and accepts the same token smaller", async () => {
    // Refused for its length alone: the guard measures a token before it verifies one.
    const { alice } = demoUsers();
    const [{ kid, privateKey }, sv] = await Promise.all([signingKeys(), store().sessionVersion(alice.id)]);
    const { issuer, audience } = jwtSettings();
    const iat = Math.floor(Date.now() / 1000);
    // The app's own claims and key, with an extra claim to pad it: valid in every other respect.
    const padded = (bytes: number) =>
      new SignJWT({ role: alice.role, sv, fid: randomUUID(), pad: "x".repeat(bytes) })
        .setProtectedHeader({ alg: ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(String(alice.id))
        .setJti(randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(iat + 60)
        .sign(privateKey);
    const withToken = (token: string) => request("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } });

    const small = await padded(1000);
    expect((await getJwtUser(withToken(small))).user).toEqual(alice);
    const large = await padded(6500);
    expect(large.length).toBeGreaterThan(8192);
    expect(await getJwtUser(withToken(large))).toEqual({ user: null, reason: "invalid" });
  });
});

describe("a refresh cookie whose name came more than once", () => {
  // Cookie tossing: a sibling subdomain can set a second `jwt-refresh` (even `__Secure-`) beside the user's own.
  const carrying = (pathname: string, ...tokens: string[]) =>
    request(pathname, { method: "POST", headers: { cookie: tokens.map((token) => `jwt-refresh=${token}`).join("; ") } });

  it.each([["valid, garbage"], ["garbage, valid"], ["valid, valid"]])("refreshes nothing, whichever copy is live (%s): 401", async (order) => {
    const { refresh } = await startSession(createUser());
    const tokens = order.split(", ").map((kind) => (kind === "valid" ? refresh.token : "garbage"));
    expect(readRefreshCookie(carrying("/api/jwt/refresh", ...tokens))).toEqual({ value: null, reason: "malformed" });
    const answer = await refreshRoute(carrying("/api/jwt/refresh", ...tokens), {});
    expect(answer.status).toBe(401);
    expect((await refreshSession(refresh.token)).ok).toBe(true); // nothing was rotated, or revoked
  });

  it.each([["first"], ["last"]])("has its sign-in ended at logout when the live copy comes %s", async (position) => {
    const { refresh } = await startSession(createUser());
    await endRequestSession(carrying("/api/jwt/logout", ...(position === "first" ? [refresh.token, "garbage"] : ["garbage", refresh.token])));
    expect(await refreshSession(refresh.token)).toMatchObject({ ok: false });
  });

  it("has every live copy's sign-in ended at logout, whoever's", async () => {
    const [mine, tossed] = [(await startSession(createUser())).refresh.token, (await startSession(createUser())).refresh.token];
    await endRequestSession(carrying("/api/jwt/logout", mine, tossed));
    for (const token of [mine, tossed]) expect(await refreshSession(token)).toMatchObject({ ok: false });
  });
});
