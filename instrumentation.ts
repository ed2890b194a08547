// Runs once when the server starts: configuration is checked then, so a missing
// secret stops a production deployment at once instead of on its first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./lib/startup");
}
