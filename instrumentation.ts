// Runs once when the server starts: configuration is checked then, so a missing
// secret stops a production deployment at once instead of on its first request.
// Then every request is screened before Next.js reads it (lib/incoming.ts): what Next.js
// would fail on with a 500 is refused with a 4xx, and a client's claimed address dropped.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkConfiguration } = await import("./lib/startup");
  await checkConfiguration();
  const { screenIncomingRequests } = await import("./lib/incoming");
  screenIncomingRequests();
}
