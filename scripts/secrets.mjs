#!/usr/bin/env node
// Writes development secrets to .env.local (git-ignored) when they are not there yet,
// so a fresh clone starts with no set-up. With --print, prints fresh values instead,
// for a production environment (which must set them itself: nothing falls back).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
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

async function main() {
  if (process.argv.includes("--print")) {
    for (const [name, make] of Object.entries(GENERATORS)) console.log(`${name}=${quote(await make())}`);
    return;
  }
  const file = path.resolve(process.argv[2] ?? ".env.local");
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
