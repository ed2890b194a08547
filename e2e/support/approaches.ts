import { expect, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "./http";

/** Every approach the lab shows. A new approach is one more entry here, and every spec covers it. */
export const APPROACHES = [
  { id: "jwt", name: "JWT bearer", page: "/jwt" },
  { id: "cookie", name: "Encrypted cookie", page: "/cookie" },
  { id: "nextauth", name: "next-auth", page: "/nextauth" },
  { id: "server-session", name: "Server session", page: "/server-session" },
] as const;

export type Approach = (typeof APPROACHES)[number];

/** The approach with this id. */
export function approach(id: Approach["id"]): Approach {
  const found = APPROACHES.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no approach "${id}"`);
  return found;
}

/** One approach's column on a page, with the actions a person takes in it. */
export function panel(page: Page, approach: Approach) {
  const root: Locator = page.getByTestId(`panel-${approach.id}`);
  return {
    root,
    status: root.getByTestId("status"),
    result: root.getByTestId("result"),
    notes: root.getByRole("list", { name: "Notes" }),
    log: root.getByTestId("request-log"),
    async signIn(username: string, password = DEMO_PASSWORD) {
      await root.getByLabel("Username").fill(username);
      await root.getByLabel("Password").fill(password);
      await root.getByRole("button", { name: "Sign in" }).click();
    },
    async signOut() {
      await root.getByRole("button", { name: "Sign out", exact: true }).click();
      await expect(root.getByTestId("status")).toContainText("Not signed in");
    },
    /**
     * Does `action` (a sign-in, a reload) and waits until the notes the server listed after
     * it are on the page: until then the list may still be empty, and a check that something
     * is absent would pass whatever the server sent.
     */
    async listNotesAfter(action: () => Promise<unknown>) {
      const listed = page.waitForResponse((response) => response.request().method() === "GET" && new URL(response.url()).pathname === `/api/${approach.id}/notes`);
      await action();
      await listed;
      await expect(root.getByText(/^\d+ notes?$/)).toBeVisible(); // no longer "Loading…": the answer is shown
    },
    async addNote(text: string) {
      await root.getByLabel("New note").fill(text);
      await root.getByRole("button", { name: "Add note" }).click();
      await expect(root.getByRole("list", { name: "Notes" })).toContainText(text);
    },
  };
}
