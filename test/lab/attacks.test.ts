import http from "node:http";
import type { AddressInfo } from "node:net";
import { unsealData } from "iron-session";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sealPasswords } from "@/lib/auth/cookie/config";
import { sealSession, unsealSession } from "@/lib/auth/cookie/session";
import { decodeSessionToken } from "@/lib/auth/nextauth/session";
import { createSession, validateSessionToken } from "@/lib/auth/server-session/session";
import { env } from "@/lib/env";
import { attackLabReport, cookieName, tamperedCopies, verdictOf, whyUntested, type LabAnswer, type SharedLabReport } from "@/lib/lab/attacks";
import { describeIronSeal } from "@/lib/lab/inspect";
import { store } from "@/lib/store";
import { ADDRESS_VOUCH_HEADER, FAILURE_WINDOW_MS, accountKey, vouchedAddress } from "@/lib/throttle";
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
      const parts = copy.split(".");
      expect(parts).toHaveLength(5);
      expect(parts.slice(0, 3)).toEqual(token.split(".").slice(0, 3)); // the header, key and IV as they were
      expect(copy).not.toBe(token);
      await expect(decodeSessionToken({ token: copy, secret: env().NEXTAUTH_SECRET })).rejects.toMatchObject({ code: "ERR_JWE_DECRYPTION_FAILED" });
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

  it("change the middle character even when it is an A: a copy equal to the original would be let in", () => {
    expect(tamperedCopies("jwt", "eyJh.eyJz.AAAAAAAA")[0]).toBe("eyJh.eyJz.AAAABAAA");
    expect(tamperedCopies("server-session", "sid.AAAA")[0]).toBe("sid.AABA");
  });
});

describe("verdicts when bob is locked out", () => {
  const problem = (status: number, title: string) => JSON.stringify({ type: "about:blank", title, status });
  const answer = (status: number, body = "", headers: [string, string][] = []): LabAnswer => ({ status, body, headers: new Headers(headers), answeredAt: 0 });
  const wrongPassword = () => answer(401, problem(401, "Unauthorized"));
  const throttled = () => answer(429, problem(429, "Too Many Requests"), [["retry-after", "900"]]);

  it("enumeration: bob's 429 next to an unknown name's 401 is no comparison, not a leak", () => {
    expect(verdictOf("enumeration", "jwt", [throttled(), wrongPassword()])).toBeNull();
    expect(verdictOf("enumeration", "jwt", [wrongPassword(), wrongPassword()])).toBe("refused");
    expect(verdictOf("enumeration", "jwt", [answer(401, problem(401, "Wrong password")), wrongPassword()])).toBe("allowed");
  });

  it("xss-read: judged on the session cookie itself, and not at all when a refused sign-in set none", () => {
    for (const approach of ["cookie", "nextauth", "server-session"] as const) {
      const set = (...lines: string[]) => answer(200, "{}", lines.map((line): [string, string] => ["set-cookie", line]));
      const session = cookieName(approach);
      expect(verdictOf("xss-read", approach, [throttled()])).toBeNull();
      expect(verdictOf("xss-read", approach, [set(`${session}=x; Path=/; HttpOnly; SameSite=Lax`)])).toBe("refused");
      expect(verdictOf("xss-read", approach, [set(`${session}=x; Path=/; SameSite=Lax`)])).toBe("allowed");
      // Another cookie beside it, HttpOnly or not, says nothing about the session's.
      expect(verdictOf("xss-read", approach, [set("other=y; Path=/; HttpOnly")])).toBeNull();
      expect(verdictOf("xss-read", approach, [set("other=y; Path=/", `${session}=x; Path=/; HttpOnly`)])).toBe("refused");
    }
    // next-auth splits a large cookie: every chunk must be HttpOnly.
    const chunks = [".0=a; Path=/; HttpOnly", ".1=b; Path=/"].map((rest): [string, string] => ["set-cookie", `${cookieName("nextauth")}${rest}`]);
    expect(verdictOf("xss-read", "nextauth", [answer(200, "{}", chunks)])).toBe("allowed");
  });

  it("xss-read: the JWT's access token, handed to the page's script in a refresh's body, is readable by design", () => {
    const signedIn = answer(200, JSON.stringify({ access_token: "eyJ.x.y", token_type: "Bearer", expires_in: 300 }), [["set-cookie", `${cookieName("jwt")}=r; Path=/api/jwt; HttpOnly`]]);
    expect(verdictOf("xss-read", "jwt", [signedIn])).toBe("allowed");
    expect(verdictOf("xss-read", "jwt", [throttled()])).toBeNull();
    expect(verdictOf("xss-read", "jwt", [answer(200, "{}")])).toBeNull(); // no token handed out: nothing to read
  });

  it("csrf: every variant must meet the origin check's 403; any other refusal is no evidence of it", () => {
    const refusal = answer(403, problem(403, "Forbidden"));
    expect(verdictOf("csrf", "cookie", [refusal, refusal, refusal, refusal])).toBe("refused");
    expect(verdictOf("csrf", "cookie", [refusal, refusal, answer(415, problem(415, "Unsupported Media Type")), refusal])).toBeNull();
    expect(verdictOf("csrf", "cookie", [refusal, answer(201, "{}"), refusal, refusal])).toBe("allowed");
  });

  it("proxy bypass: refused only if the API refused and the proxy still ran (its nonce CSP on the page)", () => {
    const page = (csp: string) => answer(200, "<html>", [["content-security-policy", csp]]);
    const refused = answer(401, problem(401, "Unauthorized"));
    expect(verdictOf("proxy-bypass", "jwt", [page("script-src 'self' 'nonce-abc'"), refused])).toBe("refused");
    expect(verdictOf("proxy-bypass", "jwt", [page(""), refused])).toBe("allowed");
    expect(verdictOf("proxy-bypass", "jwt", [page("script-src 'self' 'nonce-abc'"), answer(200, "{}")])).toBe("allowed");
  });

  it("replay after logout: judged only when the sign-out itself went through", () => {
    const signedOut = answer(204, "");
    expect(verdictOf("replay-after-logout", "cookie", [signedOut, answer(401, problem(401, "Unauthorized"))])).toBe("refused");
    expect(verdictOf("replay-after-logout", "cookie", [signedOut, answer(200, "{}")])).toBe("allowed");
    expect(verdictOf("replay-after-logout", "cookie", [answer(403, problem(403, "Forbidden")), answer(200, "{}")])).toBeNull();
    // next-auth answers 200 whether or not it signed out: only an emptied session cookie says it did.
    const refusedCsrf = answer(200, JSON.stringify({ url: "http://127.0.0.1/api/auth/signout?csrf=true" }));
    expect(verdictOf("replay-after-logout", "nextauth", [refusedCsrf, answer(200, "{}")])).toBeNull();
    const setAgain = answer(200, JSON.stringify({ url: "http://127.0.0.1/" }), [["set-cookie", `${cookieName("nextauth")}=still-a-session; Path=/`]]);
    expect(verdictOf("replay-after-logout", "nextauth", [setAgain, answer(200, "{}")])).toBeNull();
    const cleared = answer(200, JSON.stringify({ url: "http://127.0.0.1/" }), [["set-cookie", `${cookieName("nextauth")}=; Path=/; Max-Age=0`]]);
    expect(verdictOf("replay-after-logout", "nextauth", [cleared, answer(401, problem(401, "Unauthorized"))])).toBe("refused");
  });

  it("open redirect: a refused next-auth sign-in chose no redirect", () => {
    const refused = answer(401, JSON.stringify({ url: "http://127.0.0.1/api/auth/error?error=Too%20many%20failed%20sign-ins" }));
    expect(verdictOf("open-redirect", "nextauth", [refused])).toBeNull();
    expect(verdictOf("open-redirect", "nextauth", [answer(200, JSON.stringify({ url: "https://evil.example/steal" }))])).toBe("allowed");
    expect(verdictOf("open-redirect", "nextauth", [answer(200, JSON.stringify({ url: "http://127.0.0.1/" }))])).toBe("refused");
    // Without the json flag next-auth answers with a redirect: judged by where it leads.
    expect(verdictOf("open-redirect", "nextauth", [answer(302, "", [["location", "https://evil.example/steal"]])])).toBe("allowed");
    expect(verdictOf("open-redirect", "nextauth", [answer(302, "", [["location", "http://127.0.0.1/nextauth"]])])).toBe("refused");
  });
});

describe("next-auth's sign-in, judged by what its callback answers", () => {
  // next-auth answers 401 for a wrong password and for the throttle alike; the error in the
  // URL it leads to (json: "true") tells them apart.
  const callback = (status: number, url: string, headers: [string, string][] = []): LabAnswer => ({ status, body: JSON.stringify({ url }), headers: new Headers(headers), answeredAt: 0 });
  const wrongPassword = () => callback(401, "http://localhost:3100/api/auth/error?error=CredentialsSignin&provider=credentials");
  const throttled = () => callback(401, "http://localhost:3100/api/auth/error?error=Too%20many%20failed%20sign-ins");
  const csrfRefused = () => callback(200, "http://localhost:3100/api/auth/signin?csrf=true");
  const guesses = (last: LabAnswer) => [...Array.from({ length: 5 }, wrongPassword), last];

  it("guessing: refused once the callback leads to the throttle's error, allowed while guesses are still checked", () => {
    expect(verdictOf("guessing", "nextauth", guesses(throttled()))).toBe("refused");
    expect(verdictOf("guessing", "nextauth", guesses(wrongPassword()))).toBe("allowed");
    // Refused by the CSRF check, or by anything but the throttle: the limit was never reached.
    expect(verdictOf("guessing", "nextauth", guesses(csrfRefused()))).toBeNull();
    expect(verdictOf("guessing", "nextauth", guesses(callback(401, "http://localhost:3100/api/auth/error?error=Session%20store%20unavailable")))).toBeNull();
    expect(verdictOf("guessing", "nextauth", guesses({ status: 503, body: "", headers: new Headers(), answeredAt: 0 }))).toBeNull();
  });

  it("guessing: the other approaches are still judged by 429", () => {
    const problem = (status: number): LabAnswer => ({ status, body: "", headers: new Headers(), answeredAt: 0 });
    const fiveWrong = Array.from({ length: 5 }, () => problem(401));
    expect(verdictOf("guessing", "jwt", [...fiveWrong, problem(429)])).toBe("refused");
    expect(verdictOf("guessing", "jwt", [...fiveWrong, problem(401)])).toBe("allowed");
  });

  it("guessing: no verdict when the lab's tries stop short of the limit (over 25 is allowed): unthrottled says nothing then", () => {
    const problem = (status: number): LabAnswer => ({ status, body: "", headers: new Headers(), answeredAt: 0 });
    expect(env().LOGIN_MAX_FAILURES_PER_ACCOUNT).toBe(5);
    expect(verdictOf("guessing", "jwt", Array.from({ length: 5 }, () => problem(401)))).toBeNull();
  });

  it("enumeration: the same answer for bob's wrong password and an unknown name is refused; any difference is a leak", () => {
    expect(verdictOf("enumeration", "nextauth", [wrongPassword(), wrongPassword()])).toBe("refused");
    expect(verdictOf("enumeration", "nextauth", [callback(401, "http://localhost:3100/api/auth/error?error=WrongPassword"), wrongPassword()])).toBe("allowed");
    expect(verdictOf("enumeration", "nextauth", [callback(403, "http://localhost:3100/api/auth/error?error=CredentialsSignin&provider=credentials"), wrongPassword()])).toBe("allowed");
    const withCookie = callback(401, "http://localhost:3100/api/auth/error?error=CredentialsSignin&provider=credentials", [["set-cookie", "known=1; Path=/"]]);
    expect(verdictOf("enumeration", "nextauth", [withCookie, wrongPassword()])).toBe("allowed");
  });

  it("enumeration: bob locked out (the throttle's 401) is no comparison, nor is a CSRF refusal of both", () => {
    expect(verdictOf("enumeration", "nextauth", [throttled(), wrongPassword()])).toBeNull();
    expect(verdictOf("enumeration", "nextauth", [throttled(), throttled()])).toBeNull();
    expect(verdictOf("enumeration", "nextauth", [csrfRefused(), csrfRefused()])).toBeNull();
    expect(verdictOf("enumeration", "nextauth", [{ status: 503, body: "", headers: new Headers(), answeredAt: 0 }, wrongPassword()])).toBeNull();
  });
});

describe("why a cell tested nothing, as the page words it", () => {
  const answer = (status: number, url?: string): LabAnswer => ({ status, body: url === undefined ? "" : JSON.stringify({ url }), headers: new Headers(), answeredAt: 0 });
  const nextAuthWrongPassword = () => answer(401, "http://127.0.0.1/api/auth/error?error=CredentialsSignin&provider=credentials");
  const nextAuthThrottled = () => answer(401, "http://127.0.0.1/api/auth/error?error=Too%20many%20failed%20sign-ins");
  // Each case gives no verdict: the reason is what says what to do about it.
  const untested = (attack: string, approach: Parameters<typeof verdictOf>[1], answers: LabAnswer[]) => {
    expect(verdictOf(attack, approach, answers)).toBeNull();
    return whyUntested(attack, approach, answers);
  };

  it("bob locked out: only the throttle's answer (429, or next-auth's 401 leading to its error) says so", () => {
    expect(untested("enumeration", "jwt", [answer(429), answer(401)])).toBe("locked-out");
    expect(untested("enumeration", "nextauth", [nextAuthThrottled(), nextAuthWrongPassword()])).toBe("locked-out");
    expect(untested("open-redirect", "nextauth", [nextAuthThrottled()])).toBe("locked-out");
  });

  it("a next-auth 401 that is not the throttle's is not bob locked out", () => {
    // Guesses that stop short of the limit (as the lab's 25 do of a limit set above them): every one checked, none could meet it.
    expect(env().LOGIN_MAX_FAILURES_PER_ACCOUNT).toBe(5);
    expect(untested("guessing", "nextauth", Array.from({ length: 5 }, nextAuthWrongPassword))).toBe("limit-out-of-reach");
    expect(untested("guessing", "jwt", Array.from({ length: 5 }, () => answer(401)))).toBe("limit-out-of-reach");
    expect(untested("oversized", "nextauth", [answer(401)])).toBe("not-reached");
    expect(untested("open-redirect", "nextauth", [answer(401, "http://127.0.0.1/api/auth/error?error=Session%20store%20unavailable")])).toBe("not-reached");
  });

  it("a server error is a server error, whatever else came back", () => {
    expect(untested("enumeration", "jwt", [answer(429), answer(500)])).toBe("server-error");
    expect(untested("guessing", "jwt", [answer(401), answer(503)])).toBe("server-error");
  });

  it("anything else came before the check under test", () => {
    expect(untested("csrf", "cookie", [answer(403), answer(415), answer(403), answer(403)])).toBe("not-reached");
    expect(untested("replay-after-logout", "cookie", [answer(403), answer(200)])).toBe("not-reached");
  });
});

describe("verdicts read from the statuses alone", () => {
  const answer = (status: number): LabAnswer => ({ status, body: "", headers: new Headers(), answeredAt: 0 });

  it("a 5xx is no verdict, not a refusal: a crash in a check must not pass for the check", () => {
    expect(verdictOf("tampered", "cookie", [answer(401), answer(500)])).toBeNull();
    expect(verdictOf("tampered", "cookie", [answer(401), answer(401)])).toBe("refused");
    expect(verdictOf("enumeration", "jwt", [answer(503), answer(401)])).toBeNull();
  });

  it("refresh reuse: refused only if the successor minted before the reuse dies with the family too", () => {
    expect(verdictOf("refresh-reuse", "jwt", [answer(401), answer(401)])).toBe("refused");
    expect(verdictOf("refresh-reuse", "jwt", [answer(401), answer(200)])).toBe("allowed");
    expect(verdictOf("refresh-reuse", "jwt", [answer(401)])).toBeNull();
  });

  it("oversized: refused by Node's 431, as the note says; another refusal is no evidence of it", () => {
    expect(verdictOf("oversized", "cookie", [answer(431)])).toBe("refused");
    expect(verdictOf("oversized", "jwt", [answer(401)])).toBeNull();
    expect(verdictOf("oversized", "jwt", [answer(200)])).toBe("allowed");
  });

  it("one variant that got through (any 2xx) is enough for allowed, however many others were refused", () => {
    expect(verdictOf("alg-none", "jwt", [answer(401), answer(401), answer(200), answer(401)])).toBe("allowed");
    expect(verdictOf("tampered", "server-session", [answer(204), answer(401)])).toBe("allowed");
  });
});

describe("a whole run, against a stand-in server that throttles every sign-in", () => {
  // It stands where the lab sends its requests (this process's PORT, on loopback), answers
  // each one 429 as while someone has bob locked out, and notes every sign-in it was sent.
  const signIns: { headers: http.IncomingHttpHeaders; password: unknown }[] = [];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      if (request.url === "/api/auth/csrf") return void response.end(JSON.stringify({ csrfToken: "token" }));
      if (/\/(login|callback\/credentials)$/.test(request.url ?? "")) signIns.push({ headers: request.headers, password: JSON.parse(body).password });
      response.writeHead(429, { "content-type": "application/problem+json", "retry-after": "900" });
      response.end(JSON.stringify({ type: "about:blank", title: "Too Many Requests", status: 429 }));
    });
  });
  const bobsFailures = () => store().recordLoginFailure(accountKey("bob"), FAILURE_WINDOW_MS, Date.now());
  let report: SharedLabReport;
  let failuresAfter: number;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    vi.stubEnv("PORT", String((server.address() as AddressInfo).port));
    for (let failure = 0; failure < 5; failure++) await bobsFailures(); // someone has bob locked out
    report = await attackLabReport();
    failuresAfter = (await bobsFailures()).count - 1;
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await new Promise((resolve) => server.close(resolve));
  });

  it("shows no credential whole in what it sent, nor the secret that vouches for its sign-ins' addresses", () => {
    const shortened = /^.{28}….{8} \(\d+ bytes\)$/s;
    const shown = report.results.flatMap(({ sent }) => Object.values(sent.headers));
    expect(shown.filter((value) => shortened.test(value)).length).toBeGreaterThan(0); // the bearer tokens and cookies
    for (const value of shown) expect(value.length <= 48 || shortened.test(value), value).toBe(true);
    expect(JSON.stringify(report)).not.toContain(vouchedAddress("2001:db8::1")[ADDRESS_VOUCH_HEADER]);
  });

  it("counts its guesses under fresh documentation addresses it vouched for, never under this machine's own", () => {
    const guesses = signIns.filter(({ password }) => password !== env().DEMO_PASSWORD);
    expect(guesses.length).toBeGreaterThan(20);
    for (const { headers } of guesses) {
      expect(headers["x-forwarded-for"]).toMatch(/^2001:db8:/);
      expect(headers[ADDRESS_VOUCH_HEADER]).toBe(vouchedAddress("2001:db8::1")[ADDRESS_VOUCH_HEADER]);
    }
    expect(new Set(guesses.map(({ headers }) => headers["x-forwarded-for"])).size).toBeGreaterThan(1);
  });

  it("takes back none of bob's failures that its own guesses did not add: whoever locked him out keeps him locked out", () => {
    expect(failuresAfter).toBe(5);
  });

  it("says the throttle is why a cell needing bob's sign-in was left untested", () => {
    // This stand-in answers next-auth's sign-ins with a bare 429, not the way next-auth would: those cells are not-reached.
    const needingBob = report.untested.filter(({ approach }) => approach !== "nextauth");
    expect(needingBob.length).toBeGreaterThan(0);
    for (const cell of needingBob) expect(cell.reason, `${cell.attack}-${cell.approach}`).toBe("locked-out");
  });
});
