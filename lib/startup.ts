import "server-only";
import { checkSigningKeys } from "./auth/jwt/keys";
import { ConfigError, env } from "./env";
import { checkHashingThreads } from "./hashing-threads";

/** Run once at start: a deployment that cannot work stops here, saying why, not on its first request. */
export async function checkConfiguration(): Promise<void> {
  try {
    if (env().REVOCATION_CHECK === "off") {
      console.warn("[session-lab] REVOCATION_CHECK=off: logout no longer stops copied credentials. Use it for benchmarks only.");
    }
    await checkSigningKeys();
    await checkHashingThreads();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
