import { expect, test, type Locator, type Page } from "@playwright/test";
import { settle } from "./support/a11y";
import { APPROACHES, approach, panel } from "./support/approaches";
import { DEMO_PASSWORD, api, setCookie } from "./support/http";

// Everything by keyboard alone: a skip link first, every control reachable with Tab, a focus
// indicator you can see on each one, and a column's whole flow operable with Tab and Enter.

const PAGES = ["/", ...APPROACHES.map((approach) => approach.page), "/lab", "/lab/size", "/compare"];

/** The two ways a control here shows focus: an outline, or a box-shadow ring (the text fields). */
const focusStyle = (element: Element) => {
  const style = getComputedStyle(element);
  return { outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth), boxShadow: style.boxShadow };
};

type FocusStyle = ReturnType<typeof focusStyle>;

interface Stop {
  label: string;
  focused: FocusStyle;
  unfocused?: FocusStyle;
}

/** A focus indicator someone can see: a real outline, or a ring that was not there before. */
const showsFocus = ({ focused, unfocused }: Stop) =>
  focused.outline >= 2 || (unfocused !== undefined && focused.boxShadow !== unfocused.boxShadow);

/**
 * Presses Tab from the top of the page until focus comes round again, and returns each stop
 * with its style while focused and after focus moved on. Each stop is marked in the DOM
 * (`data-tab-stop`) so the caller can ask which controls were never reached.
 */
async function walkTabOrder(page: Page): Promise<Stop[]> {
  const stops: Stop[] = [];
  let previous: Locator | null = null;
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press("Tab");
    const current = await page.evaluate((index) => {
      const element = document.activeElement;
      if (!element || element === document.body) return null;
      if (element.hasAttribute("data-tab-stop")) return { again: true, label: "" };
      element.setAttribute("data-tab-stop", String(index));
      const name = element.getAttribute("aria-label") ?? element.textContent?.trim().slice(0, 40) ?? "";
      return { again: false, label: `${element.tagName.toLowerCase()} “${name}”` };
    }, i);
    if (previous) {
      const stop = stops[stops.length - 1];
      if (stop) stop.unfocused = await previous.evaluate(focusStyle);
      previous = null;
    }
    if (!current) continue;
    if (current.again) return stops;
    previous = page.locator(`[data-tab-stop="${i}"]`);
    stops.push({ label: current.label, focused: await previous.evaluate(focusStyle) });
  }
  throw new Error("Tab never came back round to the first control");
}

/** Moves focus with Tab (or Shift+Tab) alone until it is on the target. */
async function tabTo(page: Page, target: Locator, key: "Tab" | "Shift+Tab" = "Tab") {
  for (let i = 0; i < 200; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`Tab never reached ${target}`);
}

test.beforeEach(async ({ page }) => {
  // No transitions, so the styles read are the ones a person ends up seeing.
  await page.emulateMedia({ reducedMotion: "reduce" });
});

test("the first Tab shows a skip link that moves past the header", async ({ page }) => {
  await page.goto("/");
  await settle(page);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  const box = await skip.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(40);
  expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);

  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
  await page.keyboard.press("Tab");
  // The next stop is in the page's own content, not the header's navigation.
  expect(await page.evaluate(() => document.querySelector("main")?.contains(document.activeElement))).toBe(true);
});

for (const path of PAGES) {
  test(`${path}: Tab reaches every control, and each shows where focus is`, async ({ page }) => {
    await page.goto(path);
    await settle(page);
    const stops = await walkTabOrder(page);
    expect(stops.length).toBeGreaterThan(8);
    const invisible = stops.filter((stop) => !showsFocus(stop)).map((stop) => stop.label);
    expect(invisible, "controls with no visible focus indicator").toEqual([]);

    const unreached = await page.evaluate(() =>
      [...document.querySelectorAll("a[href], button:not(:disabled), input:not(:disabled), summary, [tabindex='0']")]
        .filter((element) => element.checkVisibility() && !element.hasAttribute("data-tab-stop"))
        .map((element) => element.outerHTML.slice(0, 120)),
    );
    expect(unreached, "visible controls that Tab never reached").toEqual([]);
  });
}

test("a column is usable with the keyboard alone: sign in, ask, open the revocation lab, sign out", async ({ page }) => {
  await page.goto("/");
  await settle(page);
  const column = panel(page, APPROACHES[1]);

  await tabTo(page, column.root.getByRole("button", { name: "bob (member)" }));
  await page.keyboard.press("Enter");
  await expect(column.root.getByLabel("Username")).toHaveValue("bob");
  await tabTo(page, column.root.getByRole("button", { name: "Sign in" }));
  await page.keyboard.press("Enter");
  await expect(column.status).toContainText("Signed in as bob");

  await tabTo(page, column.root.getByRole("button", { name: "Call admin API" }));
  await page.keyboard.press("Enter");
  await expect(column.result).toContainText("403");

  await tabTo(page, column.root.getByRole("textbox", { name: "New note" }));
  const text = `typed ${Date.now()}`;
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
  await expect(column.notes).toContainText(text);

  await tabTo(page, column.root.getByRole("button", { name: `Delete note: ${text}` }));
  await page.keyboard.press("Enter");
  await expect(column.notes).not.toContainText(text);

  await tabTo(page, column.root.locator("summary", { hasText: "Revocation" }));
  await page.keyboard.press("Enter");
  await expect(column.root.getByRole("button", { name: "Sign out everywhere" })).toBeVisible();

  await tabTo(page, column.root.getByRole("button", { name: "Sign out", exact: true }), "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(column.status).toContainText("Not signed in");
});

// Where focus goes after each action, in every column: never lost to <body> (which sends the
// next Tab back to the top of the page), and never moved by anything but the column's own action.
for (const approach of APPROACHES) {
  test(`${approach.name}: focus follows each action, from sign-in to sign-out`, async ({ page }) => {
    test.setTimeout(90_000);
    // This column lists only the notes this test adds: alice's others belong to tests running alongside.
    await page.route(`**/api/${approach.id}/notes`, (route) =>
      route.request().method() === "GET" ? route.fulfill({ json: { notes: [] } }) : route.continue(),
    );
    await page.goto("/");
    await settle(page);
    const column = panel(page, approach);
    const username = column.root.getByLabel("Username");
    const signIn = column.root.getByRole("button", { name: "Sign in" });

    // A refused sign-in keeps focus on the button, and says why in an alert.
    await tabTo(page, username);
    await page.keyboard.type("alice");
    await page.keyboard.press("Tab");
    await page.keyboard.type("not her password");
    await page.keyboard.press("Tab");
    await expect(signIn).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(column.root.getByRole("alert")).toBeVisible();
    await expect(signIn).toBeFocused();

    // Signed in: the form is gone, focus is on the line that says who you are.
    await tabTo(page, column.root.getByRole("button", { name: "alice (admin)" }), "Shift+Tab");
    await page.keyboard.press("Enter");
    await tabTo(page, signIn);
    await page.keyboard.press("Enter");
    await expect(column.status).toContainText("Signed in as alice");
    await expect(column.status).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(column.root.getByRole("button", { name: "Sign out", exact: true })).toBeFocused();

    // A button that waits for its answer keeps focus while it waits.
    const whoAmI = column.root.getByRole("button", { name: "Who am I?" });
    await tabTo(page, whoAmI);
    await page.keyboard.press("Enter");
    await expect(column.result).toContainText("200");
    await expect(whoAmI).toBeFocused();

    const field = column.root.getByRole("textbox", { name: "New note" });
    const note = (word: string) => `${approach.id} ${word} ${Date.now()}`;
    const [first, second, third] = [note("first"), note("second"), note("third")];
    await tabTo(page, field);
    for (const text of [first, second, third]) {
      await page.keyboard.type(text);
      await page.keyboard.press("Enter");
      await expect(column.notes).toContainText(text);
      await expect(field).toBeFocused();
    }
    // Newest first: third, second, first.
    const remove = (text: string) => column.root.getByRole("button", { name: `Delete note: ${text}` });

    // A deleted row passes focus to the next row's Delete…
    await tabTo(page, remove(second));
    await page.keyboard.press("Enter");
    await expect(column.notes).not.toContainText(second);
    await expect(remove(first)).toBeFocused();
    // …to the previous one's when it was the last…
    await page.keyboard.press("Enter");
    await expect(column.notes).not.toContainText(first);
    await expect(remove(third)).toBeFocused();
    // …and to the field when no note is left.
    await page.keyboard.press("Enter");
    await expect(column.notes).toContainText("No notes yet");
    await expect(field).toBeFocused();

    // Signed out: focus is on the form that came back, ready to sign in again.
    await tabTo(page, column.root.getByRole("button", { name: "Sign out", exact: true }), "Shift+Tab");
    await page.keyboard.press("Enter");
    await expect(column.status).toContainText("Not signed in");
    await expect(username).toBeFocused();

    await page.keyboard.type("alice");
    await page.keyboard.press("Tab");
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await expect(column.status).toBeFocused();

    // A reload finds the session, and leaves focus alone.
    await page.reload();
    await settle(page);
    await expect(column.status).toContainText("Signed in as alice");
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  });
}

test("server session: revoking another session passes focus to the Revoke now in its place, not to <body>", async ({ page }) => {
  // Two more of alice's sessions, signed in elsewhere; their ids start their cookies.
  const elsewhere = async () => {
    const response = await api("/api/server-session/login", { method: "POST", json: { username: "alice", password: DEMO_PASSWORD } });
    expect(response.status).toBe(200);
    return (setCookie(response, "session-lab.sid")?.value ?? "").slice(0, 8);
  };
  const first = await elsewhere();
  const second = await elsewhere();
  await page.goto("/");
  const column = panel(page, approach("server-session"));
  await column.signIn("alice");
  await expect(column.status).toContainText("Signed in as alice");
  const sessions = column.root.getByTestId("session-list");
  const revoke = (id: string) => sessions.getByRole("button", { name: `Revoke session: ${id}`, exact: true });
  await expect(revoke(first)).toBeVisible();
  await expect(revoke(second)).toBeVisible();

  await revoke(first).focus();
  await page.keyboard.press("Enter");
  await expect(revoke(first)).toHaveCount(0);
  const focused = sessions.locator("button:focus");
  await expect(focused).toHaveCount(1); // a Revoke in the list (or Refresh), where the next Tab goes on from
  await expect(focused).toHaveAccessibleName(/^Revoke session: /);
  await expect(column.status).toContainText("Signed in as alice");
});
