import { expect, test } from "@playwright/test";
import { APPROACHES, panel } from "./support/approaches";
import { DEMO_PASSWORD } from "./support/http";

// What script on the page (an XSS payload) could read: no access token in web
// storage, no session or refresh cookie in document.cookie.

test("no credential is readable from script after signing in with every approach", async ({ page, context }) => {
  await page.goto("/");
  for (const approach of APPROACHES) {
    const column = panel(page, approach);
    await column.signIn("alice");
    await expect(column.status).toContainText("Signed in as alice");
  }

  const exposed = await page.evaluate(() => ({
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    cookies: document.cookie,
  }));
  expect(exposed.local).not.toMatch(/eyJ|Fe26|token/i);
  expect(exposed.session).not.toMatch(/eyJ|Fe26|token/i);
  expect(exposed.cookies).toBe("");

  // The browser does hold them, flagged HttpOnly: sent with requests, invisible to script.
  const cookies = await context.cookies();
  const names = cookies.map((c) => c.name);
  expect(names).toEqual(expect.arrayContaining(["jwt-refresh", "session-lab", "next-auth.session-token"]));
  for (const cookie of cookies.filter((c) => ["jwt-refresh", "session-lab", "next-auth.session-token"].includes(c.name))) {
    expect(cookie.httpOnly).toBe(true);
  }
  // Secure wherever the browser allows it: on http://localhost too, for the cookies this app names.
  for (const cookie of cookies.filter((c) => ["jwt-refresh", "session-lab"].includes(c.name))) expect(cookie.secure).toBe(true);
  expect(cookies.find((c) => c.name === "jwt-refresh")).toMatchObject({ sameSite: "Strict", path: "/api/jwt" });
  expect(cookies.find((c) => c.name === "session-lab")).toMatchObject({ sameSite: "Lax", path: "/" });
});

test.describe("before the page's script runs (or without it)", () => {
  test.use({ javaScriptEnabled: false });

  test("a sign-in form sent by Enter keeps the password out of the URL", async ({ page }) => {
    for (const path of ["/", ...APPROACHES.map((approach) => approach.page)]) {
      await page.goto(path);
      await page.getByRole("textbox", { name: "Username" }).first().fill("alice");
      const password = page.getByLabel("Password").first();
      await password.fill(DEMO_PASSWORD);
      const sent = page.waitForRequest((request) => request.isNavigationRequest());
      await password.press("Enter");
      const request = await sent;
      expect(request.url(), path).not.toContain(DEMO_PASSWORD);
      expect(request.method(), path).toBe("POST");
      expect((await request.response())?.status(), path).toBe(200); // the page again, the password unread
      await page.waitForLoadState();
    }
  });
});
