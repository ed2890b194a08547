import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sealSession } from "@/lib/auth/cookie/session";
import { issueAccessToken, verifyAccessToken } from "@/lib/auth/jwt/session";
import { AuthError } from "@/lib/errors";
import { cookieRevocationLab, jwtRevocationLab, nextAuthRevocationLab } from "@/lib/lab/revocation";
import { request } from "../support/requests";
import { createUser } from "../support/users";

describe("time to revocation", () => {
  it("JWT: a copied access token is refused on every replay once revoked; a stateless verifier would take it until exp", async () => {
    const user = createUser();
    const { token } = await issueAccessToken(user);
    const report = await jwtRevocationLab(request("/api/jwt/revocation-lab", { method: "POST", headers: { authorization: `Bearer ${token}` } }));
    expect(report).toMatchObject({ approach: "jwt", replays: 20, acceptedWithCheck: 0, acceptedWithoutCheck: 20, store: "sqlite", revocationCheck: "on" });
    expect(report.secondsLeftWithoutCheck).toBeGreaterThan(250);
    expect(report.medianMicros.withCheck).toBeGreaterThan(0);
    expect(await verifyAccessToken(token)).toEqual({ ok: false, reason: "revoked" });
  });

  it("cookie: the same for a copied iron-session seal", async () => {
    const { seal } = await sealSession(createUser());
    const report = await cookieRevocationLab(request("/api/cookie/revocation-lab", { method: "POST", headers: { cookie: `session-lab=${seal}` } }));
    expect(report).toMatchObject({ approach: "cookie", acceptedWithCheck: 0, acceptedWithoutCheck: 20 });
    expect(report.credential.bytes).toBe(seal.length);
  });

  it("next-auth: the same for a copied next-auth cookie", async () => {
    const user = createUser();
    const token = await encode({
      token: { sub: String(user.id), uid: user.id, username: user.username, role: user.role, sid: crypto.randomUUID(), sv: 0 },
      secret: process.env.NEXTAUTH_SECRET ?? "",
    });
    const report = await nextAuthRevocationLab(
      request("/api/nextauth/revocation-lab", { method: "POST", headers: { cookie: `next-auth.session-token=${token}` } }),
    );
    expect(report).toMatchObject({ approach: "nextauth", acceptedWithCheck: 0, acceptedWithoutCheck: 20 });
  });

  it("next-auth: a cookie next-auth split into chunks is read whole, as the guard reads it", async () => {
    const user = createUser();
    const token = await encode({
      token: { sub: String(user.id), uid: user.id, username: user.username, role: user.role, sid: crypto.randomUUID(), sv: 0 },
      secret: process.env.NEXTAUTH_SECRET ?? "",
    });
    const half = Math.ceil(token.length / 2);
    const cookie = `next-auth.session-token.0=${token.slice(0, half)}; next-auth.session-token.1=${token.slice(half)}`;
    const report = await nextAuthRevocationLab(request("/api/nextauth/revocation-lab", { method: "POST", headers: { cookie } }));
    expect(report).toMatchObject({ approach: "nextauth", acceptedWithCheck: 0, acceptedWithoutCheck: 20 });
  });

  it("needs a live credential to copy", async () => {
    await expect(jwtRevocationLab(request("/", { method: "POST" }))).rejects.toBeInstanceOf(AuthError);
    await expect(cookieRevocationLab(request("/", { method: "POST", headers: { cookie: "session-lab=Fe26.2**x~2" } }))).rejects.toBeInstanceOf(AuthError);
    await expect(nextAuthRevocationLab(request("/", { method: "POST", headers: { cookie: "next-auth.session-token=x" } }))).rejects.toBeInstanceOf(AuthError);
  });
});
