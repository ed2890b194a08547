import "server-only";
import { ConfigError, env } from "./env";

try {
  if (env().REVOCATION_CHECK === "off") {
    console.warn("[session-lab] REVOCATION_CHECK=off: logout no longer stops copied credentials. Use it for benchmarks only.");
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
