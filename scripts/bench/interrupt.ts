// What an interrupted bench (Ctrl-C, a kill) must not leave behind: its servers, its files.
import os from "node:os";

const cleanups: (() => void)[] = [];

/**
 * Runs `cleanup` (synchronous: the process exits right after) if the bench is interrupted
 * before the returned function is called. Later registrations run first.
 */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.push(cleanup);
  return () => {
    const index = cleanups.indexOf(cleanup);
    if (index !== -1) cleanups.splice(index, 1);
  };
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    for (const cleanup of [...cleanups].reverse()) {
      try {
        cleanup();
      } catch {
        // the next one still runs
      }
    }
    console.error(`bench: interrupted (${signal}); stopped its servers and removed its files`);
    process.exit(128 + (os.constants.signals[signal] ?? 0));
  });
}
