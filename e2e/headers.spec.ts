import { expect, test } from "@playwright/test";
import { api } from "./support/http";

// The headers every response carries, whichever part of the app produced it.

const EVERYWHERE = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "x-frame-options": "DENY",
};

for (const [what, path, init] of [
  ["a page", "/", {}],
  ["an API answer", "/api/health", {}],
  ["the proxy's early 401", "/api/jwt/me", {}],
  ["a route handler's 401", "/api/jwt/me", { headers: { authorization: "Bearer x.y.z" } }],
  ["the JWKS", "/.well-known/jwks.json", {}],
] as const) {
  test(`${what} carries the security headers`, async () => {
    const response = await api(path, init);
    for (const [name, value] of Object.entries(EVERYWHERE)) expect(response.headers.get(name), name).toBe(value);
    expect(response.headers.get("x-powered-by")).toBeNull();
    expect(response.headers.get("strict-transport-security")).toBeNull(); // plain http here
  });
}

test("API answers may load and run nothing", async () => {
  for (const path of ["/api/health", "/api", "/api/nope"]) {
    expect((await api(path)).headers.get("content-security-policy"), path).toBe("default-src 'none'; frame-ancestors 'none'");
  }
});

test("the not-found page gets its Content-Security-Policy, /_next/image's too (no image optimizer here)", async () => {
  for (const path of ["/no-such-page", "/_next/image?url=%2Fapi%2Fhealth&w=64&q=75"]) {
    const response = await api(path);
    expect(response.status, path).toBe(404);
    expect(response.headers.get("content-security-policy"), path).toMatch(/script-src [^;]*'nonce-/);
  }
});

test("HSTS only when the browser came over https, as the first proxy says in any case", async () => {
  for (const proto of ["https", "HTTPS", "https, http"]) {
    const response = await api("/api/health", { headers: { "x-forwarded-proto": proto } });
    expect(response.headers.get("strict-transport-security"), proto).toBe("max-age=63072000; includeSubDomains");
  }
  for (const proto of ["http", "http, https", "httpsx"]) {
    const response = await api("/api/health", { headers: { "x-forwarded-proto": proto } });
    expect(response.headers.get("strict-transport-security"), proto).toBeNull();
  }
});

test("a page asked for as a prefetch gets its Content-Security-Policy too", async () => {
  const prefetches: Record<string, string>[] = [{ purpose: "prefetch" }, { "next-router-prefetch": "1" }, { "sec-purpose": "prefetch" }];
  for (const headers of prefetches) {
    const response = await api("/jwt", { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy"), JSON.stringify(headers)).toMatch(/script-src[^;]*'nonce-/);
  }
});

test("pages get a Content-Security-Policy with a fresh nonce, and run nothing without it", async ({ page }) => {
  const first = await api("/");
  const second = await api("/");
  const policy = first.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce).toBeTruthy();
  expect(second.headers.get("content-security-policy")).not.toContain(nonce);
  for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "'strict-dynamic'"]) expect(policy).toContain(directive);
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(await first.text()).toContain(`nonce="${nonce}"`);

  // In the browser: the app's own scripts run (the page works); markup an attacker slips in
  // (the usual XSS: an inline event handler) does not.
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/");
  await expect(page.getByTestId("panel-jwt").getByTestId("status")).toContainText("Not signed in"); // hydrated
  expect(violations).toEqual([]);
  const { ran, blocked } = await page.evaluate(async () => {
    // Wait for the policy to refuse both scripts, rather than a while in which neither may have tried.
    const blocked: string[] = [];
    const bothRefused = new Promise<void>((resolve) => {
      document.addEventListener("securitypolicyviolation", (event) => {
        blocked.push(event.effectiveDirective);
        if (blocked.length === 2) resolve();
      });
    });
    const holder = document.createElement("div");
    holder.innerHTML = `<img src="/does-not-exist.png" onerror="window.__injected = true" alt=""><a id="x" href="javascript:window.__injected=true">x</a>`;
    document.body.append(holder);
    document.getElementById("x")?.click();
    await bothRefused;
    return { ran: "__injected" in window, blocked };
  });
  expect(ran).toBe(false);
  expect(blocked).toHaveLength(2);
  expect(violations.length).toBeGreaterThan(0); // refused by the policy, not merely never triggered
});
