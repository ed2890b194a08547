import { describe, expect, it } from "vitest";
import { RequestError } from "@/lib/errors";
import { carriedCookies, cookieCopies, MAX_COOKIE_COPIES, readCredentialCookie } from "@/lib/request";
import { request } from "./support/requests";

const withCookie = (cookie: string) => request("/api/cookie/me", { headers: { cookie } });

describe("readCredentialCookie", () => {
  it("reads the one copy of a credential cookie, and calls none (or an empty one) missing", () => {
    expect(readCredentialCookie(withCookie("theme=dark; sid=abc"), "sid")).toEqual({ value: "abc" });
    expect(readCredentialCookie(withCookie("theme=dark"), "sid")).toEqual({ value: null, reason: "missing" });
    expect(readCredentialCookie(request("/"), "sid")).toEqual({ value: null, reason: "missing" });
    expect(readCredentialCookie(withCookie("sid="), "sid")).toEqual({ value: null, reason: "missing" });
  });

  it.each(["sid=valid; sid=x", "sid=x; sid=valid", "sid=valid; theme=dark; sid=valid", "sid=valid;sid=x", "sid=valid; sid=", "sid=; sid=valid"])(
    "calls a name that came more than once malformed, in either order: %j",
    (cookie) => {
      // request.cookies keeps the last copy: which one counted depended on the order.
      expect(readCredentialCookie(withCookie(cookie), "sid")).toEqual({ value: null, reason: "malformed" });
    },
  );

  it("lets other cookies repeat", () => {
    expect(readCredentialCookie(withCookie("theme=a; sid=abc; theme=b"), "sid")).toEqual({ value: "abc" });
  });
});

describe("cookieCopies", () => {
  it("gives every copy, in header order, once each, and leaves empty ones out", () => {
    expect(cookieCopies(withCookie("sid=one; theme=dark; sid=; sid=two; sid=one"), "sid")).toEqual(["one", "two"]);
  });

  it(`refuses more than ${MAX_COOKIE_COPIES} different copies with a 400, rather than look each one up`, () => {
    const copies = (count: number) => withCookie(Array.from({ length: count }, (_, i) => `sid=${i}`).join("; "));
    expect(cookieCopies(copies(MAX_COOKIE_COPIES), "sid")).toHaveLength(MAX_COOKIE_COPIES);
    expect(() => cookieCopies(copies(MAX_COOKIE_COPIES + 1), "sid")).toThrow(RequestError);
    expect(() => cookieCopies(copies(1000), "sid")).toThrow(/came more than 4 times/);
  });

  it.each(["sid=a%20b", "sid=a%zzb; sid=ok", "sid=%E2%82%AC", "sid", "sid=a=b", " sid=lead", "sid=x;  theme=y", "sid=1, sid=2"])(
    "decodes as request.cookies does, so its last copy is what request.cookies read: %j",
    (cookie) => {
      const incoming = withCookie(cookie);
      expect(cookieCopies(incoming, "sid").at(-1)).toBe(incoming.cookies.get("sid")?.value);
    },
  );
});

describe("carriedCookies", () => {
  it("gives the cookies whose name matches, each copy on its own, in header order", () => {
    const carried = carriedCookies(withCookie("n.1=b; other=x; n=a; n.1=c"), (name) => name.startsWith("n"));
    expect(carried).toEqual([
      { name: "n.1", value: "b" },
      { name: "n", value: "a" },
      { name: "n.1", value: "c" },
    ]);
  });
});
