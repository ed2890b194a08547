import "server-only";
import { checkSigningKeys } from "./auth/jwt/keys";
import { ConfigError, env } from "./env";
import { checkHashingThreads } from "./hashing-threads";

/** Run once at start: a deployment that cannot work stops here, saying why, not on its first request. */
export async function checkConfiguration(): Promise<void> {
  try {
    // Every setting is validated here, whatever the checks below read: a missing secret stops
    // the start, rather than every request after it.
    const settings = env();
    if (settings.REVOCATION_CHECK === "off") {
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
