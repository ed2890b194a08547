import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ConfigError } from "@/lib/env";
import { AuthError, CrossSiteError, ForbiddenError, HashingFailedError, InvalidCredentialsError, RequestError, SignInsBusyError, TooManyAttemptsError, TooManyRequestsError } from "@/lib/errors";
import { errorResponse, peekJsonBody, readJson, route } from "@/lib/http";
import { request } from "./support/requests";

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(response.headers.get("cache-control")).toBe("no-store");
  return (await response.json()) as unknown;
}

describe("errorResponse", () => {
  it.each([
    [new AuthError("missing", "bearer"), 401, 'Bearer realm="session-lab"'],
    [new AuthError("expired", "bearer"), 401, 'Bearer realm="session-lab", error="invalid_token"'],
    [new AuthError("revoked", "bearer"), 401, 'Bearer realm="session-lab", error="invalid_token"'],
    [new AuthError("malformed", "bearer"), 400, 'Bearer realm="session-lab", error="invalid_request"'],
    [new ForbiddenError("bearer"), 403, 'Bearer realm="session-lab", error="insufficient_scope"'],
  ])("maps %o to %i with an RFC 6750 challenge", async (error, status, challenge) => {
    const response = errorResponse(error);
    expect(response.status).toBe(status);
    expect(response.headers.get("www-authenticate")).toContain(challenge);
    expect(await problemOf(response)).toMatchObject({ status, type: "about:blank" });
  });

  it("sends no bearer challenge for cookie credentials", async () => {
    for (const error of [new AuthError("missing", "cookie"), new AuthError("invalid", "cookie"), new ForbiddenError("cookie")]) {
      const response = errorResponse(error);
      expect(response.headers.get("www-authenticate")).toBeNull();
    }
    expect(errorResponse(new AuthError("invalid", "cookie")).status).toBe(401);
    expect(errorResponse(new CrossSiteError()).status).toBe(403);
  });

  it("says what is wrong with a malformed cookie (one that came twice), not with an Authorization header", async () => {
    const response = errorResponse(new AuthError("malformed", "cookie"));
    expect([response.status, response.headers.get("www-authenticate")]).toEqual([401, null]);
    expect(await problemOf(response)).toMatchObject({ detail: "The credential cookie came more than once, and no copy can be told to be yours." });
  });

  it("answers wrong credentials with one fixed message", async () => {
    const response = errorResponse(new InvalidCredentialsError());
    expect(response.status).toBe(401);
    expect(await problemOf(response)).toMatchObject({ detail: "Invalid username or password." });
  });

  it("answers an unexpected error with a bare 500 that reveals nothing, and logs no message", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = errorResponse(new TypeError("secret eyJhbGciOi.token in a message"));
    expect(response.status).toBe(500);
    const body = JSON.stringify(await problemOf(response));
    expect(body).not.toContain("eyJ");
    expect(body).not.toContain("TypeError");
    expect(log.mock.calls.flat().join(" ")).not.toContain("eyJ");
    log.mockRestore();
  });

  it("answers a configuration error with the same bare 500, and logs its message, which names the setting and the fix", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = errorResponse(new ConfigError("TRUSTED_PROXY_HOPS: set it to the number of proxies"));
    expect(response.status).toBe(500);
    expect(JSON.stringify(await problemOf(response))).not.toContain("TRUSTED_PROXY_HOPS");
    expect(log.mock.calls.flat().join(" ")).toContain("TRUSTED_PROXY_HOPS: set it to the number of proxies");
    log.mockRestore();
  });

  it("answers too many failed sign-ins with 429 and the wait it names", async () => {
    const response = errorResponse(new TooManyAttemptsError(42));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("42");
    expect(await problemOf(response)).toMatchObject({ status: 429, detail: "Too many failed sign-ins. Wait a while before trying again." });
  });

  it("answers a lab that has run as often as it may with 429, the wait and the words it names", async () => {
    const response = errorResponse(new TooManyRequestsError(3, "The size lab runs at most 20 times in a row. Try again in 3 seconds."));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(await problemOf(response)).toEqual({ type: "about:blank", title: "Too Many Requests", status: 429, detail: "The size lab runs at most 20 times in a row. Try again in 3 seconds." });
  });

  it("answers sign-ins too many to check with 503 and the wait it names", async () => {
    const response = errorResponse(new SignInsBusyError(7));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(await problemOf(response)).toMatchObject({ status: 503, detail: "Too many sign-ins are being checked at once. Try again shortly." });
  });

  it("answers a hashing thread's failure with 503 and a short wait, not 500: the fault, logged where it happened, is the server's and passes", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = errorResponse(new HashingFailedError("The hashing thread stopped"));
    expect([response.status, response.headers.get("retry-after")]).toEqual([503, "5"]);
    expect(await problemOf(response)).toEqual({ type: "about:blank", title: "Service Unavailable", status: 503, detail: "Passwords cannot be checked right now. Try again shortly." });
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });

  it("answers a store outage with 503, even when another bundle's copy of the error class threw it", async () => {
    vi.resetModules(); // a second copy of lib/store/types.ts, as the proxy's bundle has its own
    const { StoreUnavailableError: OtherCopy } = await import("@/lib/store/types");
    const response = errorResponse(new OtherCopy("session store (redis) failed: Error"));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(JSON.stringify(await problemOf(response))).not.toContain("redis");
    expect(errorResponse(new Error("StoreUnavailableError")).status).toBe(500); // the name alone is no mark
  });
});

describe("readJson", () => {
  const schema = z.object({ text: z.string().min(1, "must not be empty") }, { error: "must be a JSON object" });
  const post = (body: string, contentType = "application/json") =>
    request("/x", { method: "POST", headers: { "content-type": contentType }, body });

  it("refuses bytes that are no UTF-8 (400), instead of storing U+FFFD for them", async () => {
    const body = Buffer.from('{"text":"a\xff\xfeb"}', "latin1");
    const sent = request("/x", { method: "POST", headers: { "content-type": "application/json" }, body });
    await expect(readJson(sent, schema)).rejects.toMatchObject({ status: 400, detail: "The body is not valid UTF-8." });
  });

  it("answers 400 to a body cut off mid-way (the client went away), not 500", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"text":'));
        controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
      },
    });
    const init: RequestInit & { duplex: "half" } = { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" };
    const sent = new Request("http://localhost/x", init);
    await expect(readJson(sent, schema)).rejects.toMatchObject({ status: 400, detail: "The body ended before it was complete." });
  });

  it("returns the validated body", async () => {
    await expect(readJson(post('{"text":"hi","extra":1}'), schema)).resolves.toEqual({ text: "hi" });
    await expect(readJson(post('{"text":"hi"}', "application/json; charset=utf-8"), schema)).resolves.toEqual({ text: "hi" });
  });

  it("reads JSON as UTF-8 whatever charset the Content-Type names (RFC 8259 §8.1)", async () => {
    const latin1 = "application/json; charset=latin1";
    await expect(readJson(post('{"text":"café"}', latin1), schema)).resolves.toEqual({ text: "café" });
    const inLatin1 = request("/x", { method: "POST", headers: { "content-type": latin1 }, body: Buffer.from('{"text":"café"}', "latin1") });
    await expect(readJson(inLatin1, schema)).rejects.toMatchObject({ status: 400, detail: "The body is not valid UTF-8." });
  });

  it.each([
    ['{"text":"hi"}', "text/plain", 415],
    ['{"text":"hi"}', "application/x-www-form-urlencoded", 415],
    ["{", "application/json", 400],
    ["", "application/json", 400],
    ["null", "application/json", 400],
    ["[]", "application/json", 400],
    ['{"text":""}', "application/json", 400],
    ['{"text":42}', "application/json", 400],
    [JSON.stringify({ text: "x".repeat(20_000) }), "application/json", 413],
  ])("refuses %j sent as %s with %i", async (body, contentType, status) => {
    const error = await readJson(post(body, contentType), schema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ status });
  });
});

describe("route", () => {
  it("turns thrown errors into problem responses", async () => {
    const handler = route(async () => {
      throw new AuthError("missing", "bearer");
    });
    expect((await handler(request("/"), {})).status).toBe(401);
  });
});

describe("peekJsonBody", () => {
  const post = (body: string, contentType: string) => request("/api/auth/callback/credentials", { method: "POST", headers: { "content-type": contentType }, body });

  it("answers the JSON a body holds, and leaves the body readable", async () => {
    const req = post('{"a":1}', "application/json");
    await expect(peekJsonBody(req)).resolves.toEqual({ a: 1 });
    expect(await req.json()).toEqual({ a: 1 });
    await expect(peekJsonBody(post("a=1", "application/x-www-form-urlencoded"))).resolves.toBeUndefined();
    await expect(peekJsonBody(request("/api/auth/session"))).resolves.toBeUndefined();
  });

  it("refuses broken JSON (400) and oversized bodies (413)", async () => {
    await expect(peekJsonBody(post("{bad", "application/json"))).rejects.toMatchObject({ status: 400 });
    await expect(peekJsonBody(post("a=".padEnd(20_000, "x"), "application/x-www-form-urlencoded"))).rejects.toMatchObject({ status: 413 });
  });

  it("takes as JSON what next-auth takes as JSON: any Content-Type that contains application/json", async () => {
    for (const type of ["application/json; charset=utf-8", "application/json-patch+json", "text/plain; x=application/json", "Application/JSON"]) {
      await expect(peekJsonBody(post("{bad", type)), type).rejects.toMatchObject({ status: 400 });
    }
  });
});
