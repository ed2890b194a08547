import fs from "node:fs";
import http from "node:http";
import { SignJWT } from "jose";
import { expect, test } from "@playwright/test";
import { api, cookieLogin, jwtLogin, nextAuthLogin, serverSessionLogin } from "./support/http";
import { accessClaims, nowSeconds, rawJwt, realKey, signWithAttackerKey, signWithRealKey } from "./support/forge";

// The attack catalog, each one refused. JWT attacks are crafted with the server's real
// key where that makes the point: only the claim checks can stop them.

async function expectInvalidToken(token: string) {
  const response = await api("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } });
  expect(response.status, token.slice(0, 60)).toBe(401);
  expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  const body = await response.text();
  expect(body).not.toContain(token.slice(0, 20));
}

test.describe("JWT: forged and confused tokens", () => {
  test("an altered payload, an altered signature and an empty signature", async () => {
    const { token } = await jwtLogin("bob");
    const [header, payload, signature = ""] = token.split(".");
    const promoted = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? "", "base64url").toString()), sub: "1", role: "admin" })).toString("base64url");
    await expectInvalidToken(`${header}.${promoted}.${signature}`);
    await expectInvalidToken(`${header}.${payload}.${signature.slice(0, -4)}${signature.endsWith("AAAA") ? "BBBB" : "AAAA"}`);
    await expectInvalidToken(`${header}.${payload}.`);
  });

  test("alg none, in any spelling", async () => {
    for (const alg of ["none", "None", "NONE", "nOnE", ""]) await expectInvalidToken(rawJwt({ alg, typ: "at+jwt" }, accessClaims()));
  });

  test("key confusion: HS256 signed with the public key", async () => {
    const { publicJwk, kid } = await realKey();
    for (const secret of [JSON.stringify(publicJwk), publicJwk.x ?? "", Buffer.from(publicJwk.x ?? "", "base64url").toString("latin1")]) {
      const token = await new SignJWT(accessClaims()).setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid }).sign(new TextEncoder().encode(secret));
      await expectInvalidToken(token);
    }
  });

  test("a key embedded in the header (jwk) is never trusted", async () => {
    await expectInvalidToken(await signWithAttackerKey(accessClaims(), (jwk) => ({ jwk })));
  });

  test("a key URL in the header (jku, x5u) is never fetched", async () => {
    let fetched = 0;
    const trap = http.createServer((_, res) => {
      fetched++;
      res.end("{}");
    });
    await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
    const address = trap.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/keys.json`;
    try {
      await expectInvalidToken(await signWithAttackerKey(accessClaims(), () => ({ jku: url, kid: "attacker" })));
      await expectInvalidToken(await signWithAttackerKey(accessClaims(), () => ({ x5u: url, kid: "attacker" })));
      // Even on a token we did sign, the header's URL is never followed: keys come from our configuration only.
      await api("/api/jwt/me", { headers: { authorization: `Bearer ${await signWithRealKey(accessClaims(), { jku: url, x5u: url })}` } });
      expect(fetched).toBe(0);
    } finally {
      trap.close();
    }
  });

  test("kid injection: path traversal, SQL, shell", async () => {
    const marker = `/tmp/session-lab-pwned-${process.pid}`;
    for (const kid of ["../../../../dev/null", "/etc/passwd", "' OR '1'='1", "x'; DROP TABLE users; --", `$(touch ${marker})`, `\`touch ${marker}\``, "*"]) {
      await expectInvalidToken(await signWithAttackerKey(accessClaims(), () => ({ kid })));
    }
    expect(fs.existsSync(marker)).toBe(false);
    expect((await api("/api/jwt/login", { method: "POST", json: { username: "alice", password: "correct-horse-battery-staple" } })).status).toBe(200);
  });

  test("claims that only the checks can refuse: expired, not yet valid, wrong issuer or audience, no exp, wrong typ", async () => {
    await expectInvalidToken(await signWithRealKey({ ...accessClaims(), iat: nowSeconds() - 400, exp: nowSeconds() - 60 }));
    await expectInvalidToken(await signWithRealKey({ ...accessClaims(), nbf: nowSeconds() + 3600 }));
    await expectInvalidToken(await signWithRealKey({ ...accessClaims(), iss: "https://evil.example" }));
    await expectInvalidToken(await signWithRealKey({ ...accessClaims(), aud: "some-other-api" }));
    const noExp: Record<string, unknown> = accessClaims();
    delete noExp.exp;
    await expectInvalidToken(await signWithRealKey(noExp));
    for (const typ of ["JWT", "refresh+jwt", "id_token", undefined]) await expectInvalidToken(await signWithRealKey(accessClaims(), { typ }));
  });

  test("other credentials used as an access token: a refresh token, a seal, a next-auth cookie, a server session id", async () => {
    const { refresh } = await jwtLogin("bob");
    const seal = (await cookieLogin("bob")).cookie.split("=")[1] ?? "";
    const nextAuth = (await nextAuthLogin("bob")).cookie.split("=")[1] ?? "";
    const sid = (await serverSessionLogin("bob")).cookie.split("=")[1] ?? "";
    for (const token of [refresh, nextAuth]) await expectInvalidToken(token);
    for (const token of [seal, sid]) {
      const response = await api("/api/jwt/me", { headers: { authorization: `Bearer ${token}` } });
      expect([400, 401]).toContain(response.status); // "*" and "~" are not token characters: a malformed header
    }
  });
});

test.describe("cookies: tampered, foreign and replayed", () => {
  test("a seal changed inside its ciphertext, or with its HMAC cut short, keeps iron-session's shape and is not signed in", async () => {
    const seal = (await cookieLogin("bob")).cookie.split("=")[1] ?? "";
    const [body = "", version] = seal.split("~");
    const parts = body.split("*");
    const ciphertext = parts[4] ?? "";
    const at = Math.floor(ciphertext.length / 2);
    const changed = parts.with(4, `${ciphertext.slice(0, at)}${ciphertext[at] === "A" ? "B" : "A"}${ciphertext.slice(at + 1)}`);
    const truncated = parts.with(7, (parts[7] ?? "").slice(0, 20));
    expect((await api("/api/cookie/me", { headers: { cookie: `session-lab=${seal}` } })).status).toBe(200);
    for (const copy of [changed, truncated].map((p) => `${p.join("*")}~${version}`)) {
      expect(copy).toMatch(/^Fe26\.2\*[\w*-]+~2$/); // past the format check: the HMAC refuses it
      expect((await api("/api/cookie/me", { headers: { cookie: `session-lab=${copy}` } })).status).toBe(401);
    }
  });

  test("a seal made under a password the server never had is not signed in", async () => {
    const { sealData } = await import("iron-session");
    const foreign = await sealData({ sid: crypto.randomUUID(), userId: 1, sv: 0, exp: nowSeconds() + 3600 }, { password: "x".repeat(32), ttl: 3600 });
    expect((await api("/api/cookie/me", { headers: { cookie: `session-lab=${foreign}` } })).status).toBe(401);
  });

  test("a next-auth cookie made with another secret is not signed in", async () => {
    const { encode } = await import("next-auth/jwt");
    const forged = await encode({ token: { uid: 1, username: "alice", role: "admin", sid: "x", sv: 0 }, secret: "y".repeat(32) });
    expect((await api("/api/nextauth/me", { headers: { cookie: `next-auth.session-token=${forged}` } })).status).toBe(401);
  });
});

test.describe("the proxy cannot be talked out of its job", () => {
  test("x-middleware-subrequest does not skip the proxy, and handlers check anyway", async () => {
    const bypass = { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy:middleware:middleware:middleware:middleware:middleware" };
    const page = await api("/cookie/account", { headers: bypass });
    expect(page.status).toBe(307);
    for (const path of ["/api/jwt/me", "/api/cookie/me", "/api/nextauth/me", "/api/server-session/me"]) {
      expect((await api(path, { headers: bypass })).status, path).toBe(401);
    }
  });
});

test.describe("oversized and odd input", () => {
  test("a header past Node's 16 KB limit gets 431, and a huge token gets 401, never a 5xx", async () => {
    const huge = await fetch(new URL("/api/cookie/me", test.info().project.use.baseURL), { headers: { cookie: `session-lab=${"a".repeat(20_000)}` } });
    expect(huge.status).toBe(431);
    const big = await api("/api/jwt/me", { headers: { authorization: `Bearer ${"a".repeat(9000)}` } });
    expect(big.status).toBe(401);
  });

  test("odd bodies on every sign-in get a 4xx", async () => {
    for (const path of ["/api/jwt/login", "/api/cookie/login", "/api/server-session/login"]) {
      for (const [body, type] of [["\u0000\u0001", "application/json"], ["{\"username\":{\"$ne\":null},\"password\":{\"$ne\":null}}", "application/json"], ["<x/>", "application/xml"], ["", "application/json"]]) {
        const response = await api(path, { method: "POST", body, headers: { "content-type": type ?? "" } });
        expect(response.status, `${path} ${body}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${path} ${body}`).toBeLessThan(500);
      }
    }
  });
});
