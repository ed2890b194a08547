import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { APPROACHES, panel } from "./support/approaches";

// A real cross-site attack: a page on another origin (127.0.0.1 is another site than
// localhost) tries a form POST and a credentialed fetch against every state-changing
// route, while the browser is signed in to every approach. Nothing may change.

const TARGETS = [
  ...["cookie", "nextauth", "server-session"].map((id) => `/api/${id}/notes`),
  "/api/cookie/logout",
  "/api/server-session/logout",
  "/api/jwt/logout",
  "/api/jwt/refresh",
  "/api/cookie/logout-everywhere",
  "/api/nextauth/logout-everywhere",
  "/api/server-session/logout-everywhere",
];

function attackerPage(origin: string): string {
  const forms = TARGETS.map(
    (path, i) => `<form id="f${i}" method="POST" action="${origin}${path}" enctype="text/plain" target="sink${i}">
      <input name='{"text":"csrf via form","x":"' value='"}'></form><iframe name="sink${i}"></iframe>`,
  ).join("\n");
  return `<!doctype html><html><body>${forms}<script>
    for (const form of document.forms) form.submit();
    Promise.allSettled(${JSON.stringify(TARGETS)}.map((path) =>
      fetch("${origin}" + path, { method: "POST", mode: "no-cors", credentials: "include",
        headers: { "content-type": "text/plain" }, body: JSON.stringify({ text: "csrf via fetch" }) })
    )).then(() => { document.title = "done"; });
  </script></body></html>`;
}

async function noteTexts(page: Page) {
  return page.evaluate(async () => {
    const texts: string[] = [];
    for (const id of ["cookie", "nextauth", "server-session"]) {
      const response = await fetch(`/api/${id}/notes`, { credentials: "same-origin" });
      const body: unknown = await response.json();
      if (typeof body === "object" && body !== null && "notes" in body && Array.isArray(body.notes)) {
        for (const note of body.notes) if (typeof note === "object" && note && "text" in note) texts.push(String(note.text));
      }
    }
    return texts;
  });
}

test("a page on another site can change nothing, whatever it posts", async ({ page, baseURL }) => {
  const server = http.createServer((_, res) => res.writeHead(200, { "content-type": "text/html" }).end(attackerPage(baseURL ?? "")));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const evil = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
  try {
    await page.goto("/");
    for (const approach of APPROACHES) {
      await panel(page, approach).signIn("bob");
      await expect(panel(page, approach).status).toContainText("Signed in as bob");
    }
    expect((await noteTexts(page)).join()).not.toContain("csrf");

    // The browser really sends them (it is the server that refuses): watch every answer.
    const answers: number[] = [];
    page.on("response", (response) => {
      if (response.url().startsWith(baseURL ?? "-") && response.request().method() === "POST") answers.push(response.status());
    });
    await page.goto(evil);
    await expect(page).toHaveTitle("done");
    await expect.poll(() => answers.length).toBeGreaterThanOrEqual(TARGETS.length * 2);
    for (const status of answers) expect([401, 403, 415]).toContain(status);

    await page.goto("/");
    for (const approach of APPROACHES) await expect(panel(page, approach).status).toContainText("Signed in as bob");
    // Not "the same notes as before": other tests add and delete bob's notes meanwhile.
    expect((await noteTexts(page)).join()).not.toContain("csrf");
  } finally {
    server.close();
  }
});
