// The second service (scripts/resource-server.mjs) as a child of a script that also runs
// the app: `npm run dev` and the e2e server both start one beside their Next.js process.
import { spawn } from "node:child_process";

/** Starts the resource server on `port`, accepting browser calls from `appOrigin` only. */
export function spawnSecondService(port, appOrigin) {
  return spawn(process.execPath, ["scripts/resource-server.mjs"], {
    stdio: "inherit",
    env: { ...process.env, PORT: String(port), APP_ORIGIN: appOrigin },
  });
}

/** Ctrl-C or a TERM stops both; when the app exits, the service goes with it. */
export function stopTogether(app, service) {
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      service.kill(signal);
      app.kill(signal);
    });
  }
  app.on("exit", (code) => {
    service.kill();
    process.exit(code ?? process.exitCode ?? 0);
  });
}
