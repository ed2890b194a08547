// Runs once when the server starts: configuration is checked then, so a missing
// secret stops a production deployment at once instead of on its first request.
// Then requests Next.js would fail on with a 500 are refused with a 4xx (lib/unparsable.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkConfiguration } = await import("./lib/startup");
  await checkConfiguration();
  const { refuseUnparsableRequests } = await import("./lib/unparsable");
  refuseUnparsableRequests();
}
