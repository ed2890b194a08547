import { afterEach, describe, expect, it, vi } from "vitest";

// next-auth's decode is replaced here, and only here, to make it throw what real input cannot
// make it throw: this file tests how its errors are read, not next-auth.
const decode = vi.hoisted(() => vi.fn());
vi.mock("next-auth/jwt", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth/jwt")>()), decode }));

const { verifySessionToken } = await import("@/lib/auth/nextauth/session");

// A real next-auth header and well-formed parts, so that the token gets as far as decode.
const part = (text: string) => Buffer.from(text).toString("base64url");
const TOKEN = `${part(JSON.stringify({ alg: "dir", enc: "A256GCM" }))}..${part("iv")}.${part("ciphertext")}.${part("tag")}`;
const joseError = (code: string) => Object.assign(new Error(code), { code });

describe("verifySessionToken", () => {
  afterEach(() => decode.mockReset());

  it("reads jose's codes: expired as expired, every other as invalid", async () => {
    decode.mockRejectedValueOnce(joseError("ERR_JWT_EXPIRED"));
    expect(await verifySessionToken(TOKEN)).toEqual({ ok: false, reason: "expired" });
    for (const code of ["ERR_JWE_DECRYPTION_FAILED", "ERR_JWE_INVALID", "ERR_JOSE_NOT_SUPPORTED", "ERR_JWT_CLAIM_VALIDATION_FAILED"]) {
      decode.mockRejectedValueOnce(joseError(code));
      expect(await verifySessionToken(TOKEN), code).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("lets anything else through, as a bug to log and answer 500, never as a bad cookie", async () => {
    const bug = new TypeError("Cannot read properties of undefined");
    decode.mockRejectedValueOnce(bug);
    await expect(verifySessionToken(TOKEN)).rejects.toBe(bug);
    decode.mockRejectedValueOnce(Object.assign(new Error("no such file"), { code: "ENOENT" }));
    await expect(verifySessionToken(TOKEN)).rejects.toMatchObject({ code: "ENOENT" });
  });
});
