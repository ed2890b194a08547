import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { approach, panel, type Approach } from "./support/approaches";
import { api } from "./support/http";

// The credential inspector in each column: the JWT decoded and verified in the browser,
// the HttpOnly cookies outlined by the server. Whatever it shows, the page never holds a
// whole credential: every check below compares the DOM with the real values.

async function openInspector(page: Page, id: Approach["id"]) {
  const column = panel(page, approach(id)).root;
  // The notes load just after sign-in and push the inspector down: a click aimed before
  // they arrive lands on the list instead (seen at 390 px on a slow machine).
  await expect(column.getByText("Loading notes…")).toHaveCount(0);
  const inspector = column.getByTestId("inspector");
  await inspector.getByText("Inspect the credential").click();
  await expect(inspector).toHaveAttribute("open", "");
  return inspector;
}

/** The secret-bearing pieces of a credential: none of them may appear in the page, nor the whole. */
function expectNotInPage(html: string, value: string, secretPieces: string[]) {
  expect(value.length).toBeGreaterThan(20);
  expect(html).not.toContain(value);
  for (const piece of secretPieces) {
    expect(piece.length).toBeGreaterThanOrEqual(16);
    expect(html).not.toContain(piece);
  }
}

async function cookieValue(page: Page, name: string): Promise<string> {
  const cookie = (await page.context().cookies()).find((candidate) => candidate.name === name);
  expect(cookie?.httpOnly).toBe(true);
  return cookie?.value ?? "";
}

test("JWT column: the access token decoded, verified in the browser, counting down; a tampered copy is refused", async ({ page }) => {
  const scripts = new Set<string>();
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") scripts.add(response.url());
  });
  await page.goto("/");
  const jwt = panel(page, approach("jwt"));
  const login = page.waitForResponse((response) => response.url().endsWith("/api/jwt/login"));
  await jwt.signIn("alice");
  const { access_token: token } = (await (await login).json()) as { access_token: string };
  await expect(jwt.status).toContainText("Signed in as alice");
  await page.waitForLoadState("networkidle");
  const loadedBefore = new Set(scripts);

  const inspector = await openInspector(page, "jwt");
  // jose and the inspector arrive only now, in a chunk of their own.
  await expect(inspector.getByTestId("token-inspector")).toBeVisible();
  expect([...scripts].filter((url) => !loadedBefore.has(url)).length).toBeGreaterThan(0);

  const jwks = (await (await page.request.get("/.well-known/jwks.json")).json()) as { keys: { kid: string }[] };
  const kid = jwks.keys[0]?.kid ?? "";
  expect(kid).not.toBe("");

  const header = inspector.getByTestId("segment-header");
  await expect(header).toContainText('"alg": "EdDSA"');
  await expect(header).toContainText('"typ": "at+jwt"');
  await expect(header).toContainText(`"kid": "${kid}"`);
  const payload = inspector.getByTestId("segment-payload");
  await expect(payload).toContainText('"sub": "1"');
  await expect(payload).toContainText('"role": "admin"');
  await expect(inspector.getByTestId("segment-signature")).toContainText("64 bytes");

  const verification = inspector.getByTestId("verification");
  await expect(verification).toHaveAttribute("data-state", "verified");
  await expect(verification).toContainText("Signature verified in this browser");
  await expect(verification).toContainText(kid);

  const countdown = inspector.getByTestId("countdown");
  const first = Number(await countdown.getAttribute("data-seconds"));
  expect(first).toBeGreaterThan(200);
  expect(first).toBeLessThanOrEqual(300);
  await expect.poll(async () => Number(await countdown.getAttribute("data-seconds"))).toBeLessThan(first);
  await expect(countdown).toHaveText(/^in \d+ s \(\d:\d\d\)$/);

  const tampered = inspector.getByTestId("tampered-result");
  // Pressed from the keyboard, the button keeps focus while the copy is checked.
  const changeSignature = inspector.getByRole("button", { name: "Change one signature character" });
  await changeSignature.focus();
  await page.keyboard.press("Enter");
  await expect(tampered.locator("[data-state]")).toHaveAttribute("data-state", "failed");
  await expect(changeSignature).toBeFocused();
  await expect(tampered).toContainText("NOT verified");
  await expect(tampered).toContainText("ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
  await inspector.getByRole("button", { name: "Extend exp by a day" }).click();
  await expect(tampered).toContainText("exp + 1 day");
  await expect(tampered).toContainText("ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
  // The real token is still the verified one.
  await expect(verification).toHaveAttribute("data-state", "verified");

  const [, , signature = ""] = token.split(".");
  expectNotInPage(await page.content(), token, [signature, signature.slice(0, 20), signature.slice(-20)]);
});

test("JWT column: the inspector follows the token when the column refreshes it", async ({ page }) => {
  await page.goto("/");
  const jwt = panel(page, approach("jwt"));
  await jwt.signIn("bob");
  await expect(jwt.status).toContainText("Signed in as bob");
  const inspector = await openInspector(page, "jwt");
  const payload = inspector.getByTestId("segment-payload");
  await expect(payload).toContainText('"sub": "2"');
  const jtiBefore = /"jti": "([^"]+)"/.exec((await payload.textContent()) ?? "")?.[1];
  expect(jtiBefore).toBeTruthy();

  // A reload keeps only the refresh cookie: the column trades it for a new token, and the inspector shows that one.
  await page.reload();
  await expect(jwt.status).toContainText("Signed in as bob");
  const reopened = await openInspector(page, "jwt");
  await expect(reopened.getByTestId("verification")).toHaveAttribute("data-state", "verified");
  await expect(reopened.getByTestId("segment-payload")).not.toContainText(`"jti": "${jtiBefore}"`);
});

const COOKIE_COLUMNS = [
  {
    id: "cookie",
    cookie: "session-lab",
    labels: ["Format", "Password id", "Encryption salt", "IV", "Ciphertext", "Expiration", "HMAC salt", "HMAC", "iron-session version"],
    wire: /^Fe26\.2\*1\*[\w-]{4}…\*[\w-]{4}…\*[\w-]{4}…\*\d{13}\*[\w-]{4}…\*[\w-]{4}…~2$/,
    // iron's parts: prefix, id, encryption salt, IV, ciphertext, expiration, HMAC salt, HMAC (then ~2).
    secretPieces: (value: string) => value.replace(/~2$/, "").split("*").filter((_, index) => [2, 3, 4, 6, 7].includes(index)),
    mentions: ["IRON_SESSION_PASSWORD", "HMAC-SHA-256"],
  },
  {
    id: "nextauth",
    cookie: "next-auth.session-token",
    labels: ["Protected header", "Encrypted key", "IV", "Ciphertext", "Authentication tag"],
    wire: /^eyJ[\w-]+\.\.[\w-]{4}…\.[\w-]{4}…\.[\w-]{4}…$/,
    secretPieces: (value: string) => value.split(".").slice(2),
    mentions: ['{"alg":"dir","enc":"A256GCM"}', "NEXTAUTH_SECRET", "splits the value"],
  },
  {
    id: "server-session",
    cookie: "session-lab.sid",
    labels: ["Session id", "Secret"],
    wire: /^[\w-]{4}…\.[\w-]{4}…$/,
    secretPieces: (value: string) => value.split("."),
    mentions: ["SHA-256", "the hash it keeps"],
  },
] as const;

for (const column of COOKIE_COLUMNS) {
  test(`${column.id} column: the HttpOnly cookie outlined part by part, never whole`, async ({ page }) => {
    await page.goto("/");
    const { status } = panel(page, approach(column.id));
    await panel(page, approach(column.id)).signIn("alice");
    await expect(status).toContainText("Signed in as alice");
    const value = await cookieValue(page, column.cookie);

    const inspector = await openInspector(page, column.id);
    const parts = inspector.getByTestId("cookie-part");
    await expect(parts).toHaveCount(column.labels.length);
    for (const [index, label] of column.labels.entries()) await expect(parts.nth(index)).toContainText(label);
    await expect(inspector.getByTestId("cookie-wire")).toHaveText(column.wire);
    await expect(inspector.getByText(`${column.cookie} · ${value.length} bytes`)).toBeVisible();
    for (const text of column.mentions) await expect(inspector).toContainText(text);
    await expect(inspector.getByTestId("document-cookie")).toContainText("document.cookie here: empty");
    const askAgain = inspector.getByRole("button", { name: "Ask again" });
    await askAgain.focus();
    await page.keyboard.press("Enter");
    await expect(parts).toHaveCount(column.labels.length);
    await expect(askAgain).toBeFocused(); // unavailable while it asks, but never disabled: focus stays
    await expect(panel(page, approach(column.id)).log).toContainText(`/api/${column.id}/inspect`);

    expectNotInPage(await page.content(), value, column.secretPieces(value));
  });
}

test("the inspect routes answer 401 without a credential, or with one that does not open", async () => {
  const bad = { cookie: "session-lab=Fe26.2*1*a*b*c*1*d*e~2; next-auth.session-token=e30..a.b.c; session-lab.sid=nope" };
  for (const id of ["cookie", "nextauth", "server-session"]) {
    for (const headers of [{}, bad]) {
      const response = await api(`/api/${id}/inspect`, { headers });
      expect(response.status, `${id} ${JSON.stringify(headers)}`).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toMatchObject({ status: 401, title: "Unauthorized" });
    }
  }
});

// A sticky header would be painted over the middle of a screenshot taller than the window.
const UNSTICK_HEADER = "body > header { position: static !important; }";

for (const width of [390, 1440]) {
  test(`the inspectors open at ${width} px without sideways scrolling`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/");
    for (const id of ["jwt", "cookie"] as const) {
      await panel(page, approach(id)).signIn("alice");
      await expect(panel(page, approach(id)).status).toContainText("Signed in as alice");
      await openInspector(page, id);
      // Settled before the next column's buttons are aimed at: at 390 px this one sits above them.
      if (id === "jwt") await expect(page.getByTestId("verification")).toHaveAttribute("data-state", "verified");
    }
    await expect(page.getByTestId("cookie-part")).toHaveCount(9);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    const file = path.join("test-results", "screenshots", `inspector-${width}.png`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const screenshot = await page.screenshot({ path: file, fullPage: true, style: UNSTICK_HEADER });
    await testInfo.attach(`inspector-${width}`, { body: screenshot, contentType: "image/png" });
    // The whole page is long at 390 px: each inspector on its own too, to read it at full size.
    for (const id of ["jwt", "cookie"] as const) {
      const part = file.replace(".png", `-${id}.png`);
      const body = await page.getByTestId(`panel-${id}`).getByTestId("inspector").screenshot({ path: part, style: UNSTICK_HEADER });
      await testInfo.attach(`inspector-${width}-${id}`, { body, contentType: "image/png" });
    }
  });
}

test("a cookie the server has stopped accepting: the inspector's 401 shows the column signed out", async ({ page, context }) => {
  const subject = approach("cookie");
  await page.goto(subject.page);
  const column = panel(page, subject);
  await column.signIn("bob");
  await expect(column.status).toContainText("Signed in as bob");
  // A logout sent elsewhere with a copy of this cookie: the browser keeps it, the server refuses it.
  const sealed = (await context.cookies()).find((cookie) => cookie.name === "session-lab");
  expect(sealed).toBeDefined();
  expect((await api("/api/cookie/logout", { method: "POST", headers: { cookie: `session-lab=${sealed?.value ?? ""}` } })).status).toBe(204);

  const inspector = await openInspector(page, "cookie");
  await expect(column.status).toContainText("Not signed in");
  await expect(inspector).toHaveCount(0); // it goes with the session it described
});
