import { expect, test, type Locator, type Page } from "@playwright/test";
import { settle } from "./support/a11y";
import { APPROACHES, approach, panel } from "./support/approaches";

const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

// Two by two from 1024 px up, 1440 px included: four across would leave each column narrower
// than the 390 px phone layout, and the request log would cut off the paths it exists to show.
for (const width of [390, 1280, 1440]) {
  test(`the home page at ${width} px shows every approach without sideways scrolling`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/");
    for (const approach of APPROACHES) {
      await expect(page.getByTestId(`panel-${approach.id}`)).toBeVisible();
      await expect(page.getByTestId(`panel-${approach.id}`).getByTestId("status")).toContainText("Not signed in");
    }
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

    const boxes = await Promise.all(APPROACHES.map((a) => page.getByTestId(`panel-${a.id}`).boundingBox()));
    const tops = boxes.map((box) => box?.y ?? Number.NaN);
    const bottom = (i: number) => (tops[i] ?? 0) + (boxes[i]?.height ?? 0);
    if (width >= 1024) {
      // Two by two: side by side in pairs, the second row below the taller of the first.
      expect(Math.round(tops[1] ?? 0)).toBe(Math.round(tops[0] ?? 0));
      expect(Math.round(tops[3] ?? 0)).toBe(Math.round(tops[2] ?? 0));
      expect(tops[2]).toBeGreaterThan(Math.max(bottom(0), bottom(1)) - 1);
    } else {
      for (let i = 1; i < boxes.length; i++) expect(tops[i]).toBeGreaterThan(bottom(i - 1) - 1); // stacked
    }

    const screenshot = await page.screenshot({ fullPage: true, path: testInfo.outputPath(`home-${width}.png`) });
    await testInfo.attach(`home-${width}`, { body: screenshot, contentType: "image/png" });
  });
}

for (const { page: path } of APPROACHES) {
  test(`${path} has its heading and a sign-in form`, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  });
}

for (const width of [390, 1440]) {
  test(`every page fits ${width} px without sideways scrolling, signed out and signed in`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    for (const path of ["/", ...APPROACHES.map((approach) => approach.page), "/lab"]) {
      await page.goto(path);
      await settle(page);
      expect(await sidewaysOverflow(page), `${path} signed out`).toBeLessThanOrEqual(0);
    }

    await page.goto("/");
    await settle(page);
    for (const approach of APPROACHES) {
      await panel(page, approach).signIn("bob");
      await expect(panel(page, approach).status).toContainText("Signed in as bob");
    }
    expect(await sidewaysOverflow(page), "/ signed in to every column").toBeLessThanOrEqual(0);
    for (const approach of APPROACHES.filter((a) => a.id !== "jwt")) {
      await page.goto(`${approach.page}/account`);
      await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
      expect(await sidewaysOverflow(page), `${approach.page}/account`).toBeLessThanOrEqual(0);
    }
  });
}

for (const width of [390, 1440]) {
  test(`a page that does not exist at ${width} px: a 404 in the app's own frame, with a way home and to each section`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("There is no page here");
    const main = page.getByRole("main");
    await expect(main.getByRole("link", { name: "Go to the home page" })).toHaveAttribute("href", "/");
    for (const href of [...APPROACHES.map((approach) => approach.page), "/compare", "/lab"]) {
      await expect(main.locator(`a[href="${href}"]`)).toBeVisible();
    }
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  });
}

/** The distinct lines `word` is laid out on inside `element`: 1 when it stays whole. */
const linesOf = (element: Locator, word: string) =>
  element.evaluate((root, word) => {
    const texts: Text[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) if (walker.currentNode instanceof Text) texts.push(walker.currentNode);
    const start = texts.map((text) => text.data).join("").indexOf(word);
    const tops = new Set<number>();
    let offset = 0;
    for (const text of texts) {
      for (let i = 0; i < text.data.length; i++, offset++) {
        if (offset < start || offset >= start + word.length) continue;
        const range = document.createRange();
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        tops.add(Math.round(range.getBoundingClientRect().top));
      }
    }
    return tops.size;
  }, word);

test("the JWKS path wraps after a slash if at all, never at its hyphen (/.well- / known), at any width", async ({ page }) => {
  await page.goto("/");
  const explanation = panel(page, approach("jwt")).root.getByTestId("second-service").locator("p").first();
  for (let width = 360; width <= 1440; width += 8) {
    await page.setViewportSize({ width, height: 900 });
    expect(await linesOf(explanation, ".well-known"), `${width} px`).toBe(1);
  }
});

test("the demo password stays on one line on a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto("/");
  for (const approach of APPROACHES) {
    const password = panel(page, approach).root.locator("code", { hasText: "correct-horse-battery-staple" });
    expect(await linesOf(password, "correct-horse-battery-staple"), approach.id).toBe(1);
  }
});

test("the answer box's placeholder fills the room kept for an answer: no empty gap under it", async ({ page }) => {
  await page.goto("/");
  const result = panel(page, approach("cookie")).result;
  const [box, placeholder] = await Promise.all([result.boundingBox(), result.locator("p").boundingBox()]);
  expect(box?.height).toBe(placeholder?.height);
});

test("from 1024 px the sticky header is opaque: nothing scrolls by under it", async ({ page }) => {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/");
    const header = page.locator("body > header");
    await expect(header).toHaveCSS("position", "sticky");
    await expect(header).toHaveCSS("backdrop-filter", "none");
    // Fully opaque: no alpha in the computed colour (rgb(…), lab(…) and the like without a "/ a").
    expect(await header.evaluate((element) => getComputedStyle(element).backgroundColor), colorScheme).toMatch(/^(?!rgba)[a-z]+\([^/]*\)$/);
  }
});

test("a long unbroken note wraps inside its column at 390 px, and its delete button is named by its start", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto("/");
  const cookie = approach("cookie");
  const column = panel(page, cookie);
  await column.signIn("bob");
  await expect(column.status).toContainText("Signed in as bob");
  const text = `https://example.com/${Date.now()}/${"a".repeat(300)}`;
  await column.addNote(text);
  // Without a width of its own, the grid's column grew to the note's length: every column 2,100 px wide.
  expect(await sidewaysOverflow(page), "/ with the note").toBeLessThanOrEqual(0);
  await page.goto(`${cookie.page}/account`);
  await expect(page.getByRole("list", { name: "Notes" })).toContainText(text);
  expect(await sidewaysOverflow(page), `${cookie.page}/account with the note`).toBeLessThanOrEqual(0);

  await page.goto("/");
  await expect(column.status).toContainText("Signed in as bob");
  await column.root.getByRole("button", { name: `Delete note: ${text.slice(0, 60)}…`, exact: true }).click();
  await expect(column.notes).not.toContainText(text);
});

for (const width of [390, 1280]) {
  test(`at ${width} px a link to a section lands with its heading in view, not under the header`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await page.goto("/jwt#state");
    const heading = page.locator("#state h2");
    await expect(heading).toBeInViewport();
    const headerBottom = await page.locator("body > header").evaluate((header) => header.getBoundingClientRect().bottom);
    const headingTop = await heading.evaluate((element) => element.getBoundingClientRect().top);
    // Sticky from 1024 px up (one row); below that it takes two or three rows and scrolls away.
    expect(headingTop).toBeGreaterThan(Math.max(headerBottom, 0));
  });
}

test("on a phone an approach page links from its lead to its working column, which comes after the prose", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto("/cookie");
  const cookie = approach("cookie");
  const column = panel(page, cookie);
  await expect(column.status).not.toBeInViewport();
  await page.getByRole("link", { name: "Try it below ↓" }).click();
  await expect(column.status).toBeInViewport();

  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByRole("link", { name: "Try it below ↓" })).toBeHidden(); // side by side: nothing to jump to
});

test("the session list holds a row's height while it loads, so the column does not jump when it comes", async ({ page }) => {
  const column = panel(page, approach("server-session"));
  let answer = () => {};
  const held = new Promise<void>((resolve) => (answer = resolve));
  await page.route("**/api/server-session/sessions", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto("/");
  await column.signIn("bob");
  const list = column.root.getByRole("list", { name: "Sessions" });
  await expect(column.root.getByTestId("session-list")).toContainText("Loading…");
  await expect(list.locator("li"), "a placeholder row while the list loads").toHaveCount(1);
  const waiting = await list.locator("li").boundingBox();

  answer();
  await expect(list.getByText("this device", { exact: true })).toBeVisible();
  const row = await list.locator("li").first().boundingBox();
  expect(Math.abs((row?.height ?? 0) - (waiting?.height ?? 0))).toBeLessThanOrEqual(2);
});

test("a long list of notes scrolls inside its column instead of stretching it", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto("/");
  const column = panel(page, approach("jwt"));
  await column.signIn("bob");
  await expect(column.status).toContainText("Signed in as bob");
  const notes = [1, 2, 3, 4].map((n) => `Scroll test ${Date.now()}-${n}: ${"a sentence that wraps over several lines. ".repeat(10)}`);
  for (const text of notes) await column.addNote(text);

  const { height, scrolled } = await column.notes.evaluate((list) => ({
    height: list.getBoundingClientRect().height,
    scrolled: list.scrollHeight - list.clientHeight,
  }));
  expect(height).toBeLessThanOrEqual(384 + 2); // max-h-96, and its ring
  expect(scrolled).toBeGreaterThan(0);

  for (const text of notes) {
    await column.root.getByRole("button", { name: `Delete note: ${text.slice(0, 60)}…`, exact: true }).click();
    await expect(column.notes).not.toContainText(text);
  }
});
