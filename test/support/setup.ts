// Every test file gets real secrets and its own fresh SQLite file, as a clean deployment would.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";
import { afterAll } from "vitest";
import { SETTING_NAMES } from "@/lib/env";

const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
const { kty, crv, x, d } = await exportJWK(privateKey);
const kid = await calculateJwkThumbprint({ kty, crv, x });

// The tests assert the defaults: a REDIS_URL or a login limit exported in the shell would
// point them at another configuration (and write into that Redis). NODE_ENV is vitest's.
for (const name of SETTING_NAMES) if (name !== "NODE_ENV") delete process.env[name];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "session-lab-test-"));
Object.assign(process.env, {
  JWT_PRIVATE_JWK: JSON.stringify({ kty, crv, x, d, kid }),
  IRON_SESSION_PASSWORD: randomBytes(32).toString("base64url"),
  NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  DATABASE_PATH: path.join(dir, "test.db"),
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The requests unit tests build stand for ones lib/incoming.ts has screened (no server here
// patches Node's); test/throttle.test.ts takes this back to see the refusal without it.
(globalThis as { sessionLabDropsClaimedAddresses?: boolean }).sessionLabDropsClaimedAddresses = true;

// A worker may run several files: drop any connection a previous file opened.
delete (globalThis as { sessionLabDb?: unknown }).sessionLabDb;
delete (globalThis as { sessionLabStore?: unknown }).sessionLabStore;
