import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseEnv as parseDotenv } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

// scripts/secrets.mjs, run as `npm run dev` and the e2e server run it: in a directory of its own.
const SCRIPT = path.resolve("scripts/secrets.mjs");
const DEV_FILE = ".env.development.local";
const OLD_FILE = ".env.local";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "session-lab-secrets-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function secrets(...args: string[]) {
  const { status, stdout, stderr } = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: dir, encoding: "utf8" });
  expect(status, stderr).toBe(0);
  return { stdout, stderr };
}

const read = (file: string) => parseDotenv(fs.readFileSync(path.join(dir, file), "utf8"));
const modeOf = (file: string) => fs.statSync(path.join(dir, file)).mode & 0o777;

describe("scripts/secrets.mjs", () => {
  it("writes secrets the app accepts to .env.development.local, owner-only, and nothing to .env.local", () => {
    const { stdout } = secrets();
    expect(stdout).toContain(`wrote JWT_PRIVATE_JWK, IRON_SESSION_PASSWORD, NEXTAUTH_SECRET to ${DEV_FILE}`);
    expect(modeOf(DEV_FILE)).toBe(0o600);
    expect(fs.existsSync(path.join(dir, OLD_FILE))).toBe(false);
    expect(() => parseEnv({ NODE_ENV: "production", NEXTAUTH_URL: "https://lab.example.com", ...read(DEV_FILE) })).not.toThrow();
  });

  it("leaves a complete file as it is", () => {
    secrets();
    const before = fs.readFileSync(path.join(dir, DEV_FILE), "utf8");
    expect(secrets().stdout).toBe("");
    expect(fs.readFileSync(path.join(dir, DEV_FILE), "utf8")).toBe(before);
  });

  it("adds only what is missing, and narrows a file it appends to to its owner", () => {
    fs.writeFileSync(path.join(dir, DEV_FILE), "NEXTAUTH_SECRET='kept-as-it-was-kept-as-it-was-kept'\n", { mode: 0o644 });
    fs.chmodSync(path.join(dir, DEV_FILE), 0o644); // whatever the umask
    expect(secrets().stdout).toContain(`wrote JWT_PRIVATE_JWK, IRON_SESSION_PASSWORD to ${DEV_FILE}`);
    expect(read(DEV_FILE)).toMatchObject({ NEXTAUTH_SECRET: "kept-as-it-was-kept-as-it-was-kept" });
    expect(() => parseEnv({ NODE_ENV: "production", NEXTAUTH_URL: "https://lab.example.com", ...read(DEV_FILE) })).not.toThrow(); // all usable
    expect(modeOf(DEV_FILE)).toBe(0o600);
  });

  it("carries an old .env.local's secrets over, says so once, and leaves that file alone", () => {
    secrets();
    fs.renameSync(path.join(dir, DEV_FILE), path.join(dir, OLD_FILE));
    fs.appendFileSync(path.join(dir, OLD_FILE), "SOMETHING_ELSE='of the user'\n");
    const old = fs.readFileSync(path.join(dir, OLD_FILE), "utf8");

    const { stderr } = secrets();
    expect(stderr).toContain(`copied JWT_PRIVATE_JWK, IRON_SESSION_PASSWORD, NEXTAUTH_SECRET from ${OLD_FILE} to ${DEV_FILE}`);
    expect(stderr).toContain("`next start` reads it too");
    const { SOMETHING_ELSE, ...carried } = parseDotenv(old);
    expect(SOMETHING_ELSE).toBe("of the user");
    expect(read(DEV_FILE)).toEqual(carried);
    expect(modeOf(DEV_FILE)).toBe(0o600);
    expect(fs.readFileSync(path.join(dir, OLD_FILE), "utf8")).toBe(old);

    expect(secrets().stderr).toBe("");
  });

  it("rotates in .env.development.local, keeping the retired key's public half and the retired password", () => {
    secrets();
    const before = read(DEV_FILE);
    fs.chmodSync(path.join(dir, DEV_FILE), 0o644);
    expect(secrets("--rotate").stdout).toContain(`rotated JWT_PRIVATE_JWK and IRON_SESSION_PASSWORD in ${DEV_FILE}`);
    const after = read(DEV_FILE);
    const retired = JSON.parse(before.JWT_PRIVATE_JWK ?? "{}") as { kid: string };
    expect(JSON.parse(after.JWT_PREVIOUS_PUBLIC_JWKS ?? "[]")).toEqual([expect.objectContaining({ kid: retired.kid })]);
    expect(after.JWT_PREVIOUS_PUBLIC_JWKS).not.toContain('"d"');
    expect(JSON.parse(after.IRON_SESSION_PREVIOUS_PASSWORDS ?? "{}")).toEqual({ 1: before.IRON_SESSION_PASSWORD });
    expect(after.NEXTAUTH_SECRET).toBe(before.NEXTAUTH_SECRET);
    expect(modeOf(DEV_FILE)).toBe(0o600);
    expect(fs.existsSync(path.join(dir, OLD_FILE))).toBe(false);
    expect(() => parseEnv({ ...after })).not.toThrow();
  });

  it("prints fresh values with --print and writes no file", () => {
    const { stdout } = secrets("--print");
    expect(stdout).toMatch(/^JWT_PRIVATE_JWK='.+'\nIRON_SESSION_PASSWORD='.+'\nNEXTAUTH_SECRET='.+'\n$/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
