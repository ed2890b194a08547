// No auth and no store access: what a load balancer polls, and the benchmarks' baseline.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
