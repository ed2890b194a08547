import { describe, expect, it, vi } from "vitest";
import { sealSession } from "@/lib/auth/cookie/session";
import { issueAccessToken } from "@/lib/auth/jwt/session";
import { cookieRevocationLab, jwtRevocationLab } from "@/lib/lab/revocation";
import { request } from "../support/requests";
import { createUser } from "../support/users";

// This file's server does not check revocation: set before anything reads the configuration.
vi.hoisted(() => {
  process.env.REVOCATION_CHECK = "off";
});

describe("time to revocation, on a server run with REVOCATION_CHECK=off", () => {
  it("JWT: reports what this server's API does with the copy, which is let it through", async () => {
    const { token } = await issueAccessToken(createUser());
    const report = await jwtRevocationLab(request("/api/jwt/revocation-lab", { method: "POST", headers: { authorization: `Bearer ${token}` } }));
    expect(report).toMatchObject({ approach: "jwt", replays: 20, acceptedWithCheck: 20, acceptedWithoutCheck: 20, revocationCheck: "off" });
  });

  it("cookie: the same for a copied seal", async () => {
    const { seal } = await sealSession(createUser());
    const report = await cookieRevocationLab(request("/api/cookie/revocation-lab", { method: "POST", headers: { cookie: `session-lab=${seal}` } }));
    expect(report).toMatchObject({ approach: "cookie", acceptedWithCheck: 20, acceptedWithoutCheck: 20 });
  });
});
