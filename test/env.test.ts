import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";

const valid = () => ({
  JWT_PRIVATE_JWK: process.env.JWT_PRIVATE_JWK,
  IRON_SESSION_PASSWORD: process.env.IRON_SESSION_PASSWORD,
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,
});

function problemsOf(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error instanceof Error ? error.message : "";
  }
  throw new Error("expected the configuration to be refused");
}

describe("parseEnv", () => {
  it("accepts the secrets and fills in the documented defaults", () => {
    const config = parseEnv(valid());
    expect(config.JWT_PRIVATE_JWK.crv).toBe("Ed25519");
    expect(config).toMatchObject({
      DEMO_PASSWORD: "correct-horse-battery-staple",
      ACCESS_TOKEN_TTL_SECONDS: 300,
      JWT_ISSUER: "urn:session-lab",
      DATABASE_PATH: ".data/session-lab.db",
    });
  });

  it("names each missing secret and says how to make one, in production too", () => {
    const message = problemsOf({ NODE_ENV: "production" });
    expect(message).toContain("JWT_PRIVATE_JWK is missing");
    expect(message).toContain("IRON_SESSION_PASSWORD is missing");
    expect(message).toContain("NEXTAUTH_SECRET is missing");
    expect(message).toContain("npm run secrets");
  });

  it("wants the public origin in production, where next-auth's cookies follow it", () => {
    expect(problemsOf({ ...valid(), NODE_ENV: "production" })).toContain("NEXTAUTH_URL is missing");
    expect(parseEnv({ ...valid(), NODE_ENV: "production", NEXTAUTH_URL: "https://lab.example.com" }).NEXTAUTH_URL).toBe("https://lab.example.com");
    expect(parseEnv(valid()).NEXTAUTH_URL).toBeUndefined(); // development: http://localhost, as next-auth guesses
  });

  it("wants https in production, where plain http would send next-auth's cookie without Secure", () => {
    expect(problemsOf({ ...valid(), NODE_ENV: "production", NEXTAUTH_URL: "http://lab.example.com" })).toContain("NEXTAUTH_URL must be an https:// URL in production");
    for (const loopback of ["http://localhost:3100", "http://127.0.0.1:3100", "http://[::1]:3100"]) {
      expect(parseEnv({ ...valid(), NODE_ENV: "production", NEXTAUTH_URL: loopback }).NEXTAUTH_URL).toBe(loopback);
    }
    expect(parseEnv({ ...valid(), NEXTAUTH_URL: "http://lab.internal:3000" }).NEXTAUTH_URL).toBe("http://lab.internal:3000"); // development
  });

  it("refuses a short iron-session password", () => {
    expect(problemsOf({ ...valid(), IRON_SESSION_PASSWORD: "short" })).toContain(
      "IRON_SESSION_PASSWORD must be at least 32 characters long",
    );
  });

  it("refuses a retired iron-session password shorter than 32 characters", () => {
    const retired = (password: string) => ({ ...valid(), IRON_SESSION_PASSWORD_ID: "2", IRON_SESSION_PREVIOUS_PASSWORDS: JSON.stringify({ 1: password }) });
    expect(problemsOf(retired("x".repeat(31)))).toContain("IRON_SESSION_PREVIOUS_PASSWORDS");
    expect(parseEnv(retired("x".repeat(32))).IRON_SESSION_PREVIOUS_PASSWORDS).toEqual({ 1: "x".repeat(32) });
  });

  it("refuses a next-auth secret one character short of 32", () => {
    expect(problemsOf({ ...valid(), NEXTAUTH_SECRET: "x".repeat(31) })).toContain("NEXTAUTH_SECRET must be at least 32 characters long");
    expect(parseEnv({ ...valid(), NEXTAUTH_SECRET: "xy".repeat(16) }).NEXTAUTH_SECRET).toHaveLength(32);
  });

  it("refuses a previous JWT key that reuses the current key's kid, or another previous key's", () => {
    const { kty, crv, kid } = parseEnv(valid()).JWT_PRIVATE_JWK;
    const previous = (kid: string) => JSON.stringify([{ kty, crv, x: "b".repeat(43), kid }]);
    expect(problemsOf({ ...valid(), JWT_PREVIOUS_PUBLIC_JWKS: previous(kid) })).toContain("JWT_PREVIOUS_PUBLIC_JWKS must not reuse the current key's kid");
    expect(parseEnv({ ...valid(), JWT_PREVIOUS_PUBLIC_JWKS: previous(`${kid}-old`) }).JWT_PREVIOUS_PUBLIC_JWKS).toHaveLength(1);
    const twice = JSON.stringify([{ kty, crv, x: "b".repeat(43), kid: "old" }, { kty, crv, x: "c".repeat(43), kid: "old" }]);
    expect(problemsOf({ ...valid(), JWT_PREVIOUS_PUBLIC_JWKS: twice })).toContain("JWT_PREVIOUS_PUBLIC_JWKS must not hold two keys with the same kid");
  });

  it.each([
    ["not JSON", "{nope", "is not valid JSON"],
    ["a public key only", JSON.stringify({ kty: "OKP", crv: "Ed25519", x: "a".repeat(43), kid: "k" }), "JWT_PRIVATE_JWK"],
    ["no kid", JSON.stringify({ kty: "OKP", crv: "Ed25519", x: "a".repeat(43), d: "a".repeat(43) }), "JWT_PRIVATE_JWK"],
    ["an RSA key", JSON.stringify({ kty: "RSA", n: "x", e: "AQAB", d: "y", kid: "k" }), "JWT_PRIVATE_JWK"],
  ])("refuses a JWK that is %s", (_, jwk, expected) => {
    const message = problemsOf({ ...valid(), JWT_PRIVATE_JWK: jwk });
    expect(message).toContain(expected);
    expect(message).not.toContain("a".repeat(43)); // never echoes key material
  });

  it("refuses lifetimes outside sane bounds", () => {
    expect(problemsOf({ ...valid(), ACCESS_TOKEN_TTL_SECONDS: "3601" })).toContain("ACCESS_TOKEN_TTL_SECONDS"); // minutes, never hours
    expect(parseEnv({ ...valid(), ACCESS_TOKEN_TTL_SECONDS: "3600" }).ACCESS_TOKEN_TTL_SECONDS).toBe(3600);
    expect(problemsOf({ ...valid(), ACCESS_TOKEN_TTL_SECONDS: "soon" })).toContain("ACCESS_TOKEN_TTL_SECONDS");
  });

  it("reports a previous key that reuses the current kid and one that repeats another's, together", () => {
    const current = parseEnv(valid()).JWT_PRIVATE_JWK;
    const twice = JSON.stringify([0, 1].map(() => ({ kty: "OKP", crv: "Ed25519", x: current.x, kid: current.kid })));
    const message = problemsOf({ ...valid(), JWT_PREVIOUS_PUBLIC_JWKS: twice });
    expect(message).toContain("must not reuse the current key's kid");
    expect(message).toContain("must not hold two keys with the same kid");
  });

  it("refuses a refresh-token lifetime longer than its family lives, which would be cut short without a word", () => {
    expect(problemsOf({ ...valid(), REFRESH_TOKEN_TTL_SECONDS: String(7 * 86_400 + 1) })).toContain("REFRESH_TOKEN_TTL_SECONDS");
    expect(parseEnv({ ...valid(), REFRESH_TOKEN_TTL_SECONDS: String(7 * 86_400) }).REFRESH_TOKEN_TTL_SECONDS).toBe(7 * 86_400);
  });

  it("refuses a refresh-token reuse grace window over 10 s, where a replay would pass for a second tab", () => {
    expect(problemsOf({ ...valid(), REFRESH_REUSE_GRACE_SECONDS: "11" })).toContain("REFRESH_REUSE_GRACE_SECONDS");
    expect(parseEnv({ ...valid(), REFRESH_REUSE_GRACE_SECONDS: "10" }).REFRESH_REUSE_GRACE_SECONDS).toBe(10);
  });

  it("refuses a REDIS_URL that names no host or no database number, which passed for one and made every request a 500", () => {
    for (const url of ["redis:foo", "redis://", "redis://:pw@127.0.0.1:6379/abc", "redis://127.0.0.1:6379/99", "redis://127.0.0.1:6379/1/2"]) {
      expect(problemsOf({ ...valid(), REDIS_URL: url }), url).toContain("REDIS_URL must be");
    }
    // Values no URL parser reads are reported too, never thrown with the value (a password) in the error.
    for (const url of ["127.0.0.1:6379", "redis//host", "redis://host:99999/0", "redis://:s3cr/et@cache:6379/0"]) {
      const message = problemsOf({ ...valid(), REDIS_URL: url, IRON_SESSION_PASSWORD: "short" });
      expect(message, url).toContain("REDIS_URL must be");
      expect(message, url).toContain("IRON_SESSION_PASSWORD must be at least 32 characters long");
      expect(message, url).not.toContain("s3cr");
    }
    for (const url of ["redis://127.0.0.1:6379", "redis://localhost", "rediss://:secret@cache.example.com:6380/0", "redis://u:p@[::1]:6379/15", "redis://10.0.0.2/"]) {
      expect(parseEnv({ ...valid(), REDIS_URL: url }).REDIS_URL, url).toBe(url);
    }
  });

  it("refuses a secret that is long enough but only one character repeated (32 spaces, say)", () => {
    for (const name of ["IRON_SESSION_PASSWORD", "NEXTAUTH_SECRET"]) {
      for (const weak of [" ".repeat(32), "a".repeat(40)]) expect(problemsOf({ ...valid(), [name]: weak })).toContain(`${name} must not be one character repeated`);
    }
  });

  it("refuses a retired iron-session password's id written with a leading zero, which no seal would ever name", () => {
    const retired = JSON.stringify({ "01": "p".repeat(16) + "q".repeat(16) });
    expect(problemsOf({ ...valid(), IRON_SESSION_PASSWORD_ID: "2", IRON_SESSION_PREVIOUS_PASSWORDS: retired })).toContain("IRON_SESSION_PREVIOUS_PASSWORDS");
  });

  it("lists the checks across settings together with the missing ones, so one start says everything", () => {
    const message = problemsOf({ NODE_ENV: "production", IRON_SESSION_PASSWORD_ID: "1", IRON_SESSION_PREVIOUS_PASSWORDS: JSON.stringify({ 2: "x".repeat(16) + "y".repeat(16) }) });
    expect(message).toContain("JWT_PRIVATE_JWK is missing");
    expect(message).toContain("NEXTAUTH_URL is missing");
    expect(message).toContain("IRON_SESSION_PASSWORD_ID must be higher");
  });
});
