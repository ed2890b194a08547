import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenIncomingRequests } from "@/lib/incoming";
import { vouchedAddress } from "@/lib/throttle";

// Real servers in this process, as Next.js makes them: `next start` and `next dev` an
// http.Server, `next dev --experimental-https` an https.Server (a tls.Server, which does not
// inherit http.Server's emit).

let tls: { key: string; cert: string };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "session-lab-incoming-"));

beforeAll(() => {
  const [key, cert] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
  tls = { key: fs.readFileSync(key, "utf8"), cert: fs.readFileSync(cert, "utf8") };
  screenIncomingRequests();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Serves `reached` from a handler that notes each request it gets, and sends one TRACE to it
 * with `headers`: what got through, the status and the refusal's HSTS header.
 */
async function traceThrough(server: http.Server | https.Server, scheme: "http" | "https", headers: Record<string, string> = {}) {
  let reached = 0;
  server.on("request", (_request: http.IncomingMessage, response: http.ServerResponse) => {
    reached++;
    response.end("reached");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const send = scheme === "https" ? https.request : http.request;
  try {
    const answer = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = send({ host: "127.0.0.1", port, method: "TRACE", path: "/", headers, rejectUnauthorized: false }, (response) => {
        response.resume();
        response.on("end", () => resolve(response));
      });
      request.on("error", reject);
      request.end();
    });
    return { status: answer.statusCode, reached, hsts: answer.headers["strict-transport-security"] ?? null };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("screenIncomingRequests", () => {
  it("refuses what Next.js would fail on before any handler sees it, over http", async () => {
    expect(await traceThrough(http.createServer(), "http")).toEqual({ status: 501, reached: 0, hsts: null });
  });

  it("and over https, where Next.js's server is no http.Server", async () => {
    expect(await traceThrough(https.createServer(tls), "https")).toEqual({ status: 501, reached: 0, hsts: null });
  });

  it("gives a refusal HSTS where the first proxy says the browser came over https, as next.config.js does every answer", async () => {
    const { hsts } = await traceThrough(http.createServer(), "http", { "x-forwarded-proto": "https" });
    expect(hsts).toBe("max-age=63072000; includeSubDomains");
  });
});

/** The request headers a handler behind the screening sees, for a GET sent over loopback with `headers`. */
async function headersSeen(headers: Record<string, string>): Promise<http.IncomingHttpHeaders> {
  const server = http.createServer((request, response) => response.end(JSON.stringify(request.headers)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const response = await fetch(`http://127.0.0.1:${port}/`, { headers });
    return (await response.json()) as http.IncomingHttpHeaders;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("the client address a request names", () => {
  it("is dropped over loopback too, unless this process vouched for it; the vouch goes no further", async () => {
    expect(await headersSeen({ "x-forwarded-for": "2001:db8::7" })).not.toHaveProperty("x-forwarded-for");
    const seen = await headersSeen(vouchedAddress("2001:db8::7"));
    expect(seen["x-forwarded-for"]).toBe("2001:db8::7");
    expect(Object.keys(seen).filter((name) => name.includes("vouch"))).toEqual([]);
  });
});
