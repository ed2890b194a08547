#!/usr/bin/env node
// Writes development secrets to .env.local (git-ignored) when they are not there yet,
// so a fresh clone starts with no set-up. With --print, prints fresh values instead,
// for a production environment (which must set them itself: nothing falls back).
// With --rotate, rotates the JWT signing key and the iron-session password in
// .env.local, keeping the retired ones for verifying and opening what they made.
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

async function main() {
  if (process.argv.includes("--rotate")) {
    const file = path.resolve(".env.local");
    const rotated = await rotate(parseEnv(fs.readFileSync(file, "utf8")));
    const lines = ["# Session Lab development secrets, rotated by `npm run secrets -- --rotate`.", "# Git-ignored."];
    for (const [name, value] of Object.entries(rotated)) lines.push(`${name}=${quote(value)}`);
    fs.writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
    console.log("secrets: rotated JWT_PRIVATE_JWK and IRON_SESSION_PASSWORD in .env.local (restart the server)");
    return;
  }
  if (process.argv.includes("--print")) {
    for (const [name, make] of Object.entries(GENERATORS)) console.log(`${name}=${quote(await make())}`);
    return;
  }
  const file = path.resolve(".env.local");
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const missing = Object.keys(GENERATORS).filter((name) => !new RegExp(`^${name}=`, "m").test(existing));
  if (missing.length === 0) return;

  const lines = existing
    ? [""]
    : [
        "# Development secrets for Session Lab, written by `npm run secrets`.",
        "# Git-ignored. Production must set these in its environment: `npm run secrets -- --print` makes fresh ones.",
      ];
  for (const name of missing) lines.push(`${name}=${quote(await GENERATORS[name]())}`);
  fs.writeFileSync(file, `${existing}${lines.join("\n")}\n`, { mode: 0o600 });
  console.log(`secrets: wrote ${missing.join(", ")} to ${path.relative(process.cwd(), file) || file}`);
}

await main();
