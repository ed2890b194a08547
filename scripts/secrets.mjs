#!/usr/bin/env node
// Writes development secrets to .env.development.local (git-ignored) when they are not
// there yet, so a fresh clone starts with no set-up. Next.js reads that file in `next dev`
// only: `next build` and `next start` never see it, so a production server with no secrets
// in its environment stops instead of signing with these. (.env.local, where they used to
// go, is read by `next start` too.) With --print, prints fresh values instead, for a
// production environment (which must set them itself: nothing falls back). With --rotate,
// rotates the JWT signing key and the iron-session password in .env.development.local,
// keeping the retired ones for verifying and opening what they made.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";

async function ed25519PrivateJwk() {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const { kty, crv, x, d } = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty, crv, x });
  return JSON.stringify({ kty, crv, x, d, kid });
}

const randomSecret = () => randomBytes(32).toString("base64url");

/** Every secret the app needs, and how to make a fresh one. */
const GENERATORS = {
  JWT_PRIVATE_JWK: ed25519PrivateJwk,
  IRON_SESSION_PASSWORD: async () => randomSecret(),
  NEXTAUTH_SECRET: async () => randomSecret(),
};

/** What rotation adds beside them, carried over with them from an old .env.local. */
const ROTATION_NAMES = ["JWT_PREVIOUS_PUBLIC_JWKS", "IRON_SESSION_PASSWORD_ID", "IRON_SESSION_PREVIOUS_PASSWORDS"];

/** Read by `next dev` alone (not by `next build` or `next start`), and git-ignored. */
const FILE = ".env.development.local";
// Where clones from before this file wrote the same secrets, which `next start` reads too.
const OLD_FILE = ".env.local";

// Owner only: a file of private keys, whether this run made it or found it.
const OWNER_ONLY = 0o600;

const quote = (value) => `'${value}'`;

/** The retired key's public half and the retired password join the "previous" lists. */
async function rotate(current) {
  const { kty, crv, x, kid } = JSON.parse(current.JWT_PRIVATE_JWK);
  const previousKeys = current.JWT_PREVIOUS_PUBLIC_JWKS ? JSON.parse(current.JWT_PREVIOUS_PUBLIC_JWKS) : [];
  const passwordId = Number(current.IRON_SESSION_PASSWORD_ID ?? 1);
  const previousPasswords = current.IRON_SESSION_PREVIOUS_PASSWORDS ? JSON.parse(current.IRON_SESSION_PREVIOUS_PASSWORDS) : {};
  return {
    ...current,
    JWT_PRIVATE_JWK: await ed25519PrivateJwk(),
    // One retired key is enough once access tokens (minutes) signed with older ones have expired.
    JWT_PREVIOUS_PUBLIC_JWKS: JSON.stringify([{ kty, crv, x, kid }, ...previousKeys].slice(0, 2)),
    IRON_SESSION_PASSWORD: randomSecret(),
    IRON_SESSION_PASSWORD_ID: String(passwordId + 1),
    IRON_SESSION_PREVIOUS_PASSWORDS: JSON.stringify({ ...previousPasswords, [passwordId]: current.IRON_SESSION_PASSWORD }),
  };
}

/** Writes `text` to `file`, readable by its owner alone, whether the file is new or not. */
function writeOwnerOnly(file, text) {
  const fd = fs.openSync(file, "w", OWNER_ONLY); // the mode applies only to a file this creates
  try {
    fs.fchmodSync(fd, OWNER_ONLY); // so one found with wider access is narrowed before it gets keys
    fs.writeFileSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
}

/** This script's variables found in `file`, if it exists. */
function secretsIn(file) {
  if (!fs.existsSync(file)) return {};
  const found = parseEnv(fs.readFileSync(file, "utf8"));
  const names = [...Object.keys(GENERATORS), ...ROTATION_NAMES].filter((name) => found[name] !== undefined);
  return Object.fromEntries(names.map((name) => [name, found[name]]));
}

/** Adds to FILE every secret it lacks. */
async function writeMissing() {
  const file = path.resolve(FILE);
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const missing = Object.keys(GENERATORS).filter((name) => !new RegExp(`^${name}=`, "m").test(existing));
  if (missing.length === 0) return;

  // A clone from before FILE kept these secrets in .env.local. They are carried over, so that
  // nothing changes in development (signed-in sessions, a rotation under way, an e2e server
  // still running with them), and the old file is left as it is: it is the user's, may hold
  // other settings or be meant for a local `next start`, so it is not ours to edit or delete.
  // What it risks is said once, here, when FILE takes over from it.
  const carried = existing ? {} : secretsIn(OLD_FILE);
  const values = {};
  for (const name of missing) values[name] = carried[name] ?? (await GENERATORS[name]());
  for (const name of ROTATION_NAMES) if (carried[name] !== undefined) values[name] = carried[name];

  const lines = existing
    ? [""]
    : [
        "# Development secrets for Session Lab, written by `npm run secrets`; only `next dev` reads this file.",
        "# Git-ignored. Production must set these in its environment: `npm run secrets -- --print` makes fresh ones.",
      ];
  for (const [name, value] of Object.entries(values)) lines.push(`${name}=${quote(value)}`);
  writeOwnerOnly(file, `${existing}${lines.join("\n")}\n`);

  const made = missing.filter((name) => carried[name] === undefined);
  const copied = Object.keys(values).filter((name) => carried[name] !== undefined);
  if (made.length > 0) console.log(`secrets: wrote ${made.join(", ")} to ${FILE}`);
  if (copied.length > 0) {
    console.warn(
      `secrets: copied ${copied.join(", ")} from ${OLD_FILE} to ${FILE}, which only \`next dev\` reads. ` +
        `${OLD_FILE} is left as it was, but \`next start\` reads it too: a production server on this machine ` +
        `would sign with these development secrets instead of refusing to start. Delete them from ${OLD_FILE}.`,
    );
  }
}

/** Rotates the JWT signing key and the iron-session password in FILE. */
async function rotateFile() {
  const file = path.resolve(FILE);
  const rotated = await rotate(parseEnv(fs.readFileSync(file, "utf8")));
  const lines = ["# Session Lab development secrets, rotated by `npm run secrets -- --rotate`; only `next dev` reads this file.", "# Git-ignored."];
  for (const [name, value] of Object.entries(rotated)) lines.push(`${name}=${quote(value)}`);
  writeOwnerOnly(file, `${lines.join("\n")}\n`);
  console.log(`secrets: rotated JWT_PRIVATE_JWK and IRON_SESSION_PASSWORD in ${FILE} (restart the server)`);
}

async function main() {
  if (process.argv.includes("--print")) {
    for (const [name, make] of Object.entries(GENERATORS)) console.log(`${name}=${quote(await make())}`);
    return;
  }
  // Made first if there are none yet, so that a rotation always has a key to retire.
  await writeMissing();
  if (process.argv.includes("--rotate")) await rotateFile();
}

await main();
