import { expect, test, type Page } from "@playwright/test";
import { api } from "./support/http";
import { startInstance } from "./support/instances";

// The size lab in a real browser: each size is a real request per approach, made on the
// server with the app's real keys, and each row shows the status that came back.

// One run at a time on the server: these tests take turns.
test.describe.configure({ mode: "default" });

async function measure(page: Page, preset: string) {
  const button = page.getByRole("button", { name: `${preset} extra data`, exact: true });
  await button.click();
  await expect(button).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("button", { name: "Measure" })).toBeEnabled();
}

const row = (page: Page, approach: string) => page.getByTestId(`size-row-${approach}`);

async function expectRow(page: Page, approach: string, expected: { status: number | "none"; outcome: string; cookies?: number | ((count: number) => boolean) }) {
  const found = row(page, approach);
  await expect(found).toHaveAttribute("data-status", String(expected.status));
  await expect(found).toHaveAttribute("data-outcome", expected.outcome);
  if (typeof expected.cookies === "number") await expect(found).toHaveAttribute("data-cookies", String(expected.cookies));
  if (typeof expected.cookies === "function") expect(expected.cookies(Number(await found.getAttribute("data-cookies")))).toBe(true);
}

test("small sessions: every credential is accepted, in one cookie at most", async ({ page }) => {
  await page.goto("/lab/size");
  await measure(page, "No");
  for (const approach of ["jwt", "cookie", "nextauth", "server-session"]) {
    await expectRow(page, approach, { status: 200, outcome: "accepted", cookies: approach === "jwt" ? 0 : 1 });
  }
  await measure(page, "2 KB");
  for (const approach of ["jwt", "cookie", "nextauth", "server-session"]) await expectRow(page, approach, { status: 200, outcome: "accepted" });
  await expect(row(page, "jwt")).toContainText("in its Authorization header; the API accepted it (200)");
});

test("past 4 KB: iron-session refuses to set the cookie, next-auth splits it and still works", async ({ page }) => {
  await page.goto("/lab/size");
  await measure(page, "4 KB");
  await expectRow(page, "cookie", { status: "none", outcome: "refused-by-library" });
  await expect(row(page, "cookie")).toContainText("iron-session's save() refused the");
  await expect(row(page, "cookie")).toContainText("not sent");
  await expectRow(page, "nextauth", { status: 200, outcome: "accepted", cookies: (count) => count >= 2 });
  await expect(row(page, "nextauth")).toContainText(/next-auth split the [\d,]+-byte token into \d cookies/);
  await expectRow(page, "jwt", { status: 200, outcome: "accepted" });

  // 8 KB: the bearer token passes Node but not the API's length cap; next-auth's three cookies still work.
  await measure(page, "8 KB");
  await expectRow(page, "jwt", { status: 401, outcome: "refused-by-app" });
  await expectRow(page, "nextauth", { status: 200, outcome: "accepted", cookies: (count) => count >= 3 });
  await expectRow(page, "cookie", { status: "none", outcome: "refused-by-library" });
});

test("past 16 KB of headers Node answers 431 before the app runs; the server session's cookie never grows", async ({ page }) => {
  await page.goto("/lab/size");
  await measure(page, "No");
  const small = await row(page, "server-session").getByText(/^[\d,]+ B$/).first().textContent();

  await measure(page, "16 KB");
  await expectRow(page, "jwt", { status: 431, outcome: "refused-by-node" });
  await expectRow(page, "nextauth", { status: 431, outcome: "refused-by-node", cookies: (count) => count >= 5 });
  await expectRow(page, "cookie", { status: "none", outcome: "refused-by-library" });
  await expectRow(page, "server-session", { status: 200, outcome: "accepted", cookies: 1 });
  await expect(row(page, "jwt")).toContainText("431 Request Header Fields Too Large");
  await expect(row(page, "jwt")).toContainText("Node answered 431 before any code of the app ran");
  expect(await row(page, "server-session").getByText(/^[\d,]+ B$/).first().textContent()).toBe(small);

  await measure(page, "24 KB");
  await expectRow(page, "jwt", { status: 431, outcome: "refused-by-node" });
  await expectRow(page, "nextauth", { status: 431, outcome: "refused-by-node" });
  await expectRow(page, "server-session", { status: 200, outcome: "accepted" });
});

test("no credential reaches the page: sizes, statuses and a short prefix only", async ({ page }) => {
  await page.goto("/lab/size");
  const answer = page.waitForResponse((response) => response.url().endsWith("/api/lab/size"));
  await measure(page, "1 KB");
  const body = await (await answer).text();
  // A JWT or JWE has at least two dots between long base64url runs; a seal starts Fe26.2 and goes on.
  expect(body).not.toMatch(/eyJ[\w-]{20,}\.[\w-]{20,}/);
  expect(body).not.toMatch(/Fe26\.2\*[^"…]{40,}/);
  for (const approach of ["jwt", "cookie", "nextauth", "server-session"]) {
    await expect(row(page, approach).getByText(/…$/)).toBeVisible();
  }
});

// Here, not with the other keyboard tests: the server measures one size at a time and answers
// any other with 409, so every test that measures belongs to this file, whose tests take turns.
test("a size pressed with Enter still has focus once it is measured", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto("/lab/size");
  const preset = page.getByRole("button", { name: "2 KB extra data", exact: true });
  await preset.focus();
  await page.keyboard.press("Enter");
  await expect(preset).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("button", { name: "Measure" })).toBeEnabled();
  await expect(preset).toBeFocused(); // a disabled button would have dropped it to <body>
});

test("a measurement that fails takes the last size's results off the screen, and names the status it got", async ({ page }) => {
  await page.goto("/lab/size");
  await measure(page, "4 KB");
  await expect(row(page, "jwt")).toBeVisible();

  // A proxy in front of the app answers with its own HTML page: no problem+json to read.
  await page.route("**/api/lab/size", (route) => route.fulfill({ status: 503, contentType: "text/html", body: "<h1>Service Unavailable</h1>" }), { times: 1 });
  await page.getByRole("button", { name: "16 KB extra data", exact: true }).click();
  await expect(page.getByText("503 Service Unavailable")).toBeVisible();
  // The 4 KB answers would read as the 16 KB ones (at 16 KB the JWT is refused with a 431, not a 200).
  await expect(row(page, "jwt")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "4 KB extra data", exact: true })).toHaveAttribute("aria-pressed", "false");

  await page.route("**/api/lab/size", (route) => route.abort(), { times: 1 });
  await page.getByRole("button", { name: "2 KB extra data", exact: true }).click(); // the network fails
  await expect(page.getByText("The lab could not be reached.")).toBeVisible();
  await expect(row(page, "jwt")).toHaveCount(0);
});

test("a bad body is a clean 400 problem, never a 500", async () => {
  for (const body of [{ bytes: -1 }, { bytes: 32769 }, { bytes: 1.5 }, { bytes: "1024" }, {}, { bytes: 1, extra: 1 }]) {
    const response = await api("/api/lab/size", { method: "POST", json: body });
    expect(response.status, JSON.stringify(body)).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 400, title: "Bad Request" });
  }
  const notJson = await api("/api/lab/size", { method: "POST", headers: { "content-type": "application/json" }, body: "{bytes:" });
  expect(notJson.status).toBe(400);
  const crossSite = await api("/api/lab/size", { method: "POST", headers: { origin: "https://evil.example" }, json: { bytes: 0 } });
  expect(crossSite.status).toBe(403);
});

// On an instance of its own: the runs it spends would otherwise be the other tests' too.
test("anyone may run it, so it runs 20 times in a row, then once every 2 s: 429 with Retry-After, and the page says when", async ({ page }) => {
  test.setTimeout(60_000);
  const instance = await startInstance("size-budget", {});
  try {
    const started = Date.now();
    const statuses: number[] = [];
    let refused: Response | undefined;
    while (!refused && statuses.length < 60) {
      const response = await api("/api/lab/size", { method: "POST", json: { bytes: 0 } }, instance.url);
      statuses.push(response.status);
      if (response.status === 429) refused = response;
      else await response.body?.cancel();
    }
    const ran = statuses.filter((status) => status === 200).length;
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(ran).toBeGreaterThanOrEqual(20);
    expect(ran).toBeLessThanOrEqual(20 + Math.ceil((Date.now() - started) / 2_000));
    expect(refused?.headers.get("content-type")).toBe("application/problem+json");
    expect(["1", "2"]).toContain(refused?.headers.get("retry-after"));
    expect(await refused?.json()).toMatchObject({ status: 429, title: "Too Many Requests", detail: expect.stringMatching(/^The size lab runs at most 20 times in a row, then once every 2 seconds\. Try again in [12] seconds?\.$/) });

    // In the page: a size pressed while the runs are spent says so, and shows no results.
    await page.goto(`${instance.url}/lab/size`);
    const refusal = page.getByText(/^429 Too Many Requests: The size lab runs at most 20 times in a row, then once every 2 seconds\. Try again in [12] seconds?\.$/);
    const none = page.getByRole("button", { name: "No extra data", exact: true });
    for (let click = 0; click < 10 && !(await refusal.isVisible()); click++) {
      await none.click(); // a run's refill may have come back since: each click spends one
      await expect(page.getByRole("button", { name: "Measure" })).toBeEnabled();
    }
    await expect(refusal).toBeVisible();
    await expect(row(page, "jwt")).toHaveCount(0);
  } finally {
    await instance.stop();
  }
});

for (const width of [390, 1440]) {
  test(`the size lab at ${width} px fits without sideways scrolling`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/lab/size");
    await measure(page, width < 1024 ? "4 KB" : "16 KB");
    await expect(row(page, "server-session")).toHaveAttribute("data-status", "200");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const screenshot = await page.screenshot({ fullPage: true, path: `test-results/screenshots/size-lab-${width}.png` });
    await testInfo.attach(`size-lab-${width}`, { body: screenshot, contentType: "image/png" });
  });
}
