import { unsealData } from "iron-session";
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sealPasswords } from "@/lib/auth/cookie/config";
import { sealSession, unsealSession } from "@/lib/auth/cookie/session";
import { decodeSessionToken } from "@/lib/auth/nextauth/session";
import { createSession, validateSessionToken } from "@/lib/auth/server-session/session";
import { env } from "@/lib/env";
import { tamperedCopies } from "@/lib/lab/attacks";
import { describeIronSeal } from "@/lib/lab/inspect";
import { createUser } from "../support/users";

// The shape lib/auth/cookie/session.ts accepts before it unseals anything.
const SEAL_FORMAT = /^Fe26\.2\*[\w*-]+~2$/;

describe("tampered copies", () => {
  it("cookie: keep the seal's shape, so the refusal is the HMAC's, not the format check's", async () => {
    const { seal } = await sealSession(createUser());
    const parts = (value: string) => describeIronSeal(value)?.map((part) => part.length);
    const [changed, truncated] = tamperedCopies("cookie", seal);

    for (const copy of [changed, truncated]) {
      expect(copy).not.toBe(seal);
      expect(copy).toMatch(SEAL_FORMAT);
      expect(describeIronSeal(copy)).not.toBeNull(); // iron's eight parts, then "~2"
      expect(await unsealSession(copy)).toEqual({ ok: false, reason: "invalid" });
    }
    // Same parts, same lengths, expiry untouched: only the HMAC can tell them apart.
    expect(parts(changed)).toEqual(parts(seal));
    expect(changed.split("*")[5]).toBe(seal.split("*")[5]);
    // iron-session itself refuses both ({} is its answer to a bad HMAC), and opens the original.
    const options = { password: sealPasswords(), ttl: env().COOKIE_SESSION_TTL_SECONDS };
    expect(await unsealData(changed, options)).toEqual({});
    expect(await unsealData(truncated, options)).toEqual({});
    expect(await unsealData(seal, options)).toMatchObject({ sid: expect.any(String) });
  });

  it("next-auth: keep the JWE's five parts; its GCM tag refuses both", async () => {
    const user = createUser();
    const token = await encode({ token: { sub: String(user.id), uid: user.id, username: user.username, role: user.role, sid: crypto.randomUUID(), sv: 0 }, secret: env().NEXTAUTH_SECRET });
    expect(await decodeSessionToken({ token, secret: env().NEXTAUTH_SECRET })).toMatchObject({ uid: user.id });
    for (const copy of tamperedCopies("nextauth", token)) {
      expect(copy.split(".")).toHaveLength(5);
      await expect(decodeSessionToken({ token: copy, secret: env().NEXTAUTH_SECRET })).rejects.toThrow();
    }
  });

  it("server session: a changed secret is refused by its hash, a cut one by its shape", async () => {
    const { token } = await createSession(createUser(), "test");
    const [changed, truncated] = tamperedCopies("server-session", token);
    expect(changed).toHaveLength(token.length);
    expect(changed.split(".")[0]).toBe(token.split(".")[0]);
    expect(await validateSessionToken(changed)).toEqual({ ok: false, reason: "invalid" });
    expect(await validateSessionToken(truncated)).toEqual({ ok: false, reason: "invalid" });
    expect(await validateSessionToken(token)).toMatchObject({ ok: true });
  });
});
