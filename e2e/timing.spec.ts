import { expect, test } from "@playwright/test";
import { api, setCookie } from "./support/http";

// Timing, so it runs in the "timing" project, last and alone: a server busy with
// parallel specs would blur the difference this test looks for.

test("user enumeration: an unknown user costs about as much as a wrong password", async () => {
  const time = async (username: string) => {
    const started = performance.now();
    const response = await api("/api/jwt/login", { method: "POST", json: { username, password: "definitely-wrong" } });
    expect(response.status).toBe(401);
    expect(setCookie(response, "jwt-refresh")).toBeUndefined();
    return performance.now() - started;
  };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const known: number[] = [];
  const unknown: number[] = [];
  // bob, not alice: the other specs' wrong passwords are alice's, and a right password no
  // longer wipes the count, so hers are near the e2e server's 20 a window already.
  for (let i = 0; i < 9; i++) {
    known.push(await time("bob"));
    unknown.push(await time(`nobody-${i}`));
  }
  const ratio = median(unknown) / median(known);
  expect(ratio).toBeGreaterThan(0.5); // a missing hash check would make unknown users several times faster
  expect(ratio).toBeLessThan(2);
});
