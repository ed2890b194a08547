import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  COOKIE_LIMIT_BYTES,
  HEADER_LIMIT_BYTES,
  chunkLikeNextAuth,
  cookieHeader,
  headerLineBytes,
  outcomeOf,
  padding,
  sentenceFor,
  sessionCookiesSet,
  sizeLabRequest,
  type SizeRow,
} from "@/lib/lab/size";

const NAME = "next-auth.session-token";

// next-auth's own SessionStore. Its file is outside the package's exports map, so the app
// cannot import it; loaded here by path, it checks the app's copy of its split.
const sessionStoreModule = z.object({
  SessionStore: z.custom<new (option: { name: string; options: object }, req: { cookies: Record<string, string> }, logger: { debug(): void }) => { chunk(value: string, options: object): unknown }>(
    (value) => typeof value === "function",
  ),
});
const { SessionStore } = sessionStoreModule.parse(
  createRequire(import.meta.url)(path.resolve("node_modules/next-auth/core/lib/cookie.js")),
);
const chunkedByNextAuth = (value: string) =>
  z.array(z.object({ name: z.string(), value: z.string() })).parse(new SessionStore({ name: NAME, options: {} }, { cookies: {} }, { debug() {} }).chunk(value, {}));

describe("the size lab's request", () => {
  it("takes a whole number of bytes from 0 to 32 KB, and nothing else", () => {
    expect(sizeLabRequest.parse({ bytes: 0 })).toEqual({ bytes: 0 });
    expect(sizeLabRequest.parse({ bytes: 32768 })).toEqual({ bytes: 32768 });
    for (const bad of [{ bytes: -1 }, { bytes: 32769 }, { bytes: 1.5 }, { bytes: "12" }, {}, { bytes: 1, extra: true }, null, []]) {
      expect(sizeLabRequest.safeParse(bad).success).toBe(false);
    }
  });

  it("says what is wrong in this app's words, not zod's", () => {
    const messages = (body: unknown) => sizeLabRequest.safeParse(body).error?.issues.map((issue) => issue.message);
    expect(messages({ bytes: 1.5 })).toEqual(["must be a whole number"]);
    expect(messages({ bytes: -1 })).toEqual(["must not be negative"]);
    expect(messages({ bytes: 32769 })).toEqual(["must be at most 32768"]);
    expect(messages({ bytes: "12" })).toEqual(["must be a number"]);
    expect(messages({ bytes: 1, extra: true })).toEqual(["must have no field but bytes"]);
    expect(messages([])).toEqual(["must be a JSON object"]);
  });
});

describe("padding", () => {
  it("is exactly the bytes asked for, and JSON adds nothing to it", () => {
    for (const bytes of [0, 1, 15, 16, 17, 4096, 32768]) {
      const data = padding(bytes);
      expect(Buffer.byteLength(data)).toBe(bytes);
      expect(JSON.stringify(data).length).toBe(bytes + 2);
    }
  });
});

describe("header sizes", () => {
  it("counts a header line as it goes on the wire, with its separator and CRLF", () => {
    expect(headerLineBytes("Cookie", "a=b")).toBe("Cookie: a=b\r\n".length);
    expect(headerLineBytes("Authorization", "Bearer x.y.z")).toBe(29);
  });

  it("joins cookies the way a browser does", () => {
    expect(cookieHeader([{ name: "a.0", value: "1" }, { name: "a.1", value: "2" }])).toBe("a.0=1; a.1=2");
  });
});

describe("next-auth's split", () => {
  it("keeps a token that fits as one cookie under its own name", () => {
    expect(chunkLikeNextAuth(NAME, "x".repeat(3933))).toEqual([{ name: NAME, value: "x".repeat(3933) }]);
  });

  it("splits a longer one into name.0, name.1, … that join back to the token", () => {
    const token = padding(10_000);
    const chunks = chunkLikeNextAuth(NAME, token);
    expect(chunks.map((chunk) => chunk.name)).toEqual([`${NAME}.0`, `${NAME}.1`, `${NAME}.2`]);
    expect(chunks.map((chunk) => chunk.value).join("")).toBe(token);
    for (const chunk of chunks) expect(chunk.name.length + 1 + chunk.value.length).toBeLessThan(COOKIE_LIMIT_BYTES);
  });

  it("is the split next-auth's own SessionStore makes", () => {
    for (const length of [0, 1, 3933, 3934, 7866, 7867, 22_184, 44_000]) {
      const token = padding(length);
      expect(chunkLikeNextAuth(NAME, token).map(({ name, value }) => ({ name, value }))).toEqual(
        chunkedByNextAuth(token).map(({ name, value }) => ({ name, value })),
      );
    }
  });

  it("reads next-auth's Set-Cookie answer back in chunk order, without the cookies it clears or any other", () => {
    const lines = [
      `${NAME}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`,
      `${NAME}.10=k; Path=/; HttpOnly`,
      `${NAME}.2=c; Path=/; HttpOnly`,
      `${NAME}.0=a; Path=/; HttpOnly`,
      `${NAME}.1=b=; Path=/; HttpOnly`,
      `${NAME}.x=nope; Path=/`,
      `${NAME}-other=nope; Path=/`,
      "next-auth.csrf-token=nope; Path=/",
      "garbage",
    ];
    expect(sessionCookiesSet(lines, NAME)).toEqual([
      { name: `${NAME}.0`, value: "a" },
      { name: `${NAME}.1`, value: "b=" },
      { name: `${NAME}.2`, value: "c" },
      { name: `${NAME}.10`, value: "k" },
    ]);
    expect(sessionCookiesSet([`${NAME}=whole; Path=/`], NAME)).toEqual([{ name: NAME, value: "whole" }]);
  });
});

describe("outcomes", () => {
  it("says who refused: the library, Node (431), the API, or nobody", () => {
    expect(outcomeOf("refused", null)).toBe("refused-by-library");
    expect(outcomeOf("whole", 200)).toBe("accepted");
    expect(outcomeOf("chunked", 200)).toBe("accepted");
    expect(outcomeOf("whole", 401)).toBe("refused-by-app");
    expect(outcomeOf("chunked", 431)).toBe("refused-by-node");
    expect(outcomeOf("whole", null)).toBe("unreachable");
  });
});

describe("sentences", () => {
  const base: Omit<SizeRow, "sentence"> = {
    approach: "jwt",
    credentialBytes: 5893,
    preview: "eyJhbGciOiJFZERT…",
    cookies: [],
    library: "whole",
    chunkedBy: null,
    headerBytes: 5917,
    status: 200,
    overHeaderLimit: false,
    outcome: "accepted",
  };

  it("gives the numbers that matter for each outcome", () => {
    expect(sentenceFor(base)).toBe("Every request carries the whole 5,893-byte token in its Authorization header; the API accepted it (200).");
    expect(sentenceFor({ ...base, credentialBytes: 11_354, headerBytes: 11_378, status: 401, outcome: "refused-by-app" })).toMatch(
      /11,378-byte header through, but the API refused the 11,354-byte token \(401\)/,
    );
    expect(sentenceFor({ ...base, headerBytes: 22_301, status: 431, overHeaderLimit: true, outcome: "refused-by-node" })).toBe(
      `The 22,301-byte Authorization header is past Node's ${HEADER_LIMIT_BYTES.toLocaleString("en-US")} bytes header limit: Node answered 431 before any code of the app ran.`,
    );
    expect(
      sentenceFor({ ...base, approach: "cookie", credentialBytes: 4446, library: "refused", headerBytes: null, status: null, outcome: "refused-by-library" }),
    ).toMatch(/^iron-session's save\(\) refused the 4,446-byte seal: it counts the cookie's name, the seal and its attributes against 4,096 bytes/);
    const chunks = [{ name: `${NAME}.0`, bytes: 3957 }, { name: `${NAME}.1`, bytes: 1893 }];
    expect(sentenceFor({ ...base, approach: "nextauth", credentialBytes: 5800, cookies: chunks, library: "chunked", headerBytes: 5864 })).toBe(
      "next-auth split the 5,800-byte token into 2 cookies; the browser sends all of them (5,864 bytes) with every request, and the API joined them and accepted the session (200).",
    );
    expect(sentenceFor({ ...base, approach: "nextauth", cookies: chunks, library: "chunked", status: 431, outcome: "refused-by-node" })).toMatch(/Cookie header \(2 cookies\)/);
    expect(sentenceFor({ ...base, approach: "server-session", credentialBytes: 66, cookies: [{ name: "session-lab.sid", bytes: 82 }] })).toMatch(
      /^The cookie is 66 bytes whatever the data/,
    );
    expect(sentenceFor({ ...base, status: null, outcome: "unreachable" })).toMatch(/got no answer/);
  });

  it("says that a browser, with its own headers, may get 431 where the lab's bare request was accepted near the limit", () => {
    const nearLimit = { ...base, approach: "nextauth" as const, library: "chunked" as const, headerBytes: HEADER_LIMIT_BYTES - 400 };
    expect(sentenceFor(nearLimit)).toMatch(/this close to Node's limit, its request may get 431 instead\.$/);
    expect(sentenceFor({ ...nearLimit, headerBytes: HEADER_LIMIT_BYTES - 4000 })).not.toMatch(/431/);
    expect(sentenceFor({ ...nearLimit, status: 401, outcome: "refused-by-app" })).not.toMatch(/431/);
  });
});
