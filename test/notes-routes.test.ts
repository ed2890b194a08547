import { describe, expect, it } from "vitest";
import { requireCookieUser } from "@/lib/auth/cookie/guard";
import { sealSession } from "@/lib/auth/cookie/session";
import { requireJwtUser } from "@/lib/auth/jwt/guard";
import { issueAccessToken } from "@/lib/auth/jwt/session";
import { RequestError } from "@/lib/errors";
import { MAX_NOTES_PER_USER, createNote, listNotes } from "@/lib/notes";
import { noteIdParam, noteRoutes, notesRoutes } from "@/lib/notes-routes";
import { ORIGIN, request } from "./support/requests";
import { createUser, demoUsers } from "./support/users";

const jwt = { ...notesRoutes(requireJwtUser), ...noteRoutes(requireJwtUser) };
const cookie = { ...notesRoutes(requireCookieUser), ...noteRoutes(requireCookieUser) };
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const json = { "content-type": "application/json" };

describe("notes routes", () => {
  it("create, list and delete through a bearer token; someone else's note is 404", async () => {
    const { alice, bob } = demoUsers();
    const asAlice = { authorization: `Bearer ${(await issueAccessToken(alice)).token}` };
    const asBob = { authorization: `Bearer ${(await issueAccessToken(bob)).token}` };

    const created = await jwt.POST(request("/api/jwt/notes", { method: "POST", headers: { ...asAlice, ...json }, body: '{"text":"hi"}' }), {});
    expect(created.status).toBe(201);
    const { note } = (await created.json()) as { note: { id: number; text: string } };
    expect(note.text).toBe("hi");

    const listed = await jwt.GET(request("/api/jwt/notes", { headers: asAlice }), {});
    expect(await listed.json()).toMatchObject({ notes: [{ id: note.id, text: "hi" }] });
    expect(await (await jwt.GET(request("/api/jwt/notes", { headers: asBob }), {})).json()).toEqual({ notes: [] });

    const path = `/api/jwt/notes/${note.id}`;
    expect((await jwt.DELETE(request(path, { method: "DELETE", headers: asBob }), params(String(note.id)))).status).toBe(404);
    expect((await jwt.DELETE(request(path, { method: "DELETE", headers: asAlice }), params(String(note.id)))).status).toBe(204);
    expect((await jwt.DELETE(request(path, { method: "DELETE", headers: asAlice }), params("not-a-number"))).status).toBe(404);
  });

  it("checks the credential before reading the body", async () => {
    const response = await jwt.POST(request("/api/jwt/notes", { method: "POST", headers: json, body: "{" }), {});
    expect(response.status).toBe(401);
  });

  it("answers bad bodies with 4xx problem details", async () => {
    const asAlice = { authorization: `Bearer ${(await issueAccessToken(demoUsers().alice)).token}` };
    for (const [body, status] of [["{", 400], ['{"text":""}', 400], ["[]", 400]] as const) {
      const response = await jwt.POST(request("/api/jwt/notes", { method: "POST", headers: { ...asAlice, ...json }, body }), {});
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("answers 409 at the cap, not a 201 for a note that was never written", async () => {
    const user = createUser();
    for (let i = 0; i < MAX_NOTES_PER_USER; i++) createNote(user.id, `n${i}`);
    const asUser = { authorization: `Bearer ${(await issueAccessToken(user)).token}` };
    const response = await jwt.POST(request("/api/jwt/notes", { method: "POST", headers: { ...asUser, ...json }, body: '{"text":"one too many"}' }), {});
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(listNotes(user.id)).toHaveLength(MAX_NOTES_PER_USER);
  });

  it("refuses a cookie-authenticated write from another site and changes nothing", async () => {
    const { seal } = await sealSession(demoUsers().bob);
    const headers = { cookie: `session-lab=${seal}`, ...json };
    const before = await (await cookie.GET(request("/api/cookie/notes", { headers }), {})).json();
    const forged = request("/api/cookie/notes", { method: "POST", headers: { ...headers, origin: "https://evil.example" }, body: '{"text":"csrf"}' });
    expect((await cookie.POST(forged, {})).status).toBe(403);
    const sameSite = request("/api/cookie/notes", { method: "POST", headers: { ...headers, origin: ORIGIN }, body: '{"text":"mine"}' });
    expect((await cookie.POST(sameSite, {})).status).toBe(201);
    const after = (await (await cookie.GET(request("/api/cookie/notes", { headers }), {})).json()) as { notes: { text: string }[] };
    expect(after.notes.map((n) => n.text)).toEqual(["mine", ...(before as { notes: { text: string }[] }).notes.map((n) => n.text)]);
  });
});

describe("noteIdParam", () => {
  it("reads positive integers a number holds exactly, and answers 404 for anything else", () => {
    expect(noteIdParam("42")).toBe(42);
    expect(noteIdParam(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of ["0", "-1", "1.5", "abc", "1e3", "9007199254740993", "99999999999999999999", ""]) {
      expect(() => noteIdParam(bad)).toThrow(expect.objectContaining({ constructor: RequestError, status: 404 }));
    }
  });
});
