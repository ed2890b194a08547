import type { BenchSummary } from "@/lib/bench";
import { VERIFIED_CACHE_CAPACITY } from "@/lib/verified-cache";
import { APPROACHES } from "./approaches";
import { inlineCode } from "./ui";

/**
 * /compare's cost section: the last `npm run bench` in this checkout, per approach, or how to
 * produce one. A figure the run did not measure shows as a dash, never as a number.
 */
export function CostSection({ bench }: { bench: BenchSummary | null }) {
  const format = (value: number | string | null, unit: string) => (value === null ? "—" : `${value}${unit}`);
  // One decimal below 10 µs, none above: "0.2 µs" beside "0.1 µs", not beside "0.18 µs";
  // 9.96 rounds to 10, so it reads "10 µs" like its neighbours, not "10.0 µs".
  const micros = (value: number | null) =>
    format(value === null ? null : Math.round(value * 10) < 100 ? value.toFixed(1) : Math.round(value), " µs");
  // What a check adds can come out below zero in a noisy run: "−3", not "+-3".
  const signed = (value: number) => (value < 0 ? `−${-value}` : `+${value}`);
  return (
    <section id="cost" aria-labelledby="cost-title" className="min-w-0 scroll-mt-4">
      <h2 id="cost-title" className="text-xl font-semibold tracking-tight text-slate-950 dark:text-white">
        What a check costs, measured
      </h2>
      {bench ? (
        <>
          <p className="mt-3 text-[0.9375rem] leading-7 text-slate-700 dark:text-slate-300">
            From the last <code className={inlineCode}>npm run bench</code> in this checkout ({bench.date.slice(0, 10)}, {bench.machine}):
            each approach&apos;s <code className={inlineCode}>/me</code> against <code className={inlineCode}>next start</code>, revocation
            check on, beside a route with no auth at all
            {bench.healthRequestsPerSecond === null ? "" : ` (${bench.healthRequestsPerSecond} req/s)`}: its throughput under
            load, and what it adds to one request when requests to every route take turns on one connection; then the
            check alone, in-process, for a credential seen for the first time and seen again.
          </p>
          <p className="mt-3 text-xs text-slate-500 sm:hidden dark:text-slate-400">Scroll the table sideways for every column <span aria-hidden="true">→</span></p>
          <div
            tabIndex={0}
            role="region"
            aria-label="Measured cost per approach"
            className="mt-4 overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
          >
            <table data-testid="bench-table" className="w-full min-w-[34rem] text-left text-sm">
              <thead className="bg-slate-50 text-xs text-slate-500 dark:bg-slate-800/60 dark:text-slate-400">
                <tr>
                  <th scope="col" className="px-3 py-2 font-semibold">Approach</th>
                  <th scope="col" className="px-3 py-2 text-right font-semibold">req/s</th>
                  <th scope="col" className="px-3 py-2 text-right font-semibold">per request</th>
                  <th scope="col" className="px-3 py-2 text-right font-semibold">× no auth</th>
                  <th scope="col" className="px-3 py-2 text-right font-semibold">check, first</th>
                  <th scope="col" className="px-3 py-2 text-right font-semibold">check, again</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 whitespace-nowrap text-slate-700 tabular-nums dark:divide-slate-800 dark:text-slate-300">
                {APPROACHES.map((approach) => {
                  const cost = bench.approaches[approach.id];
                  return (
                    <tr key={approach.id} data-testid={`bench-${approach.id}`}>
                      <th scope="row" className="px-3 py-2 font-medium text-slate-900 dark:text-white">{approach.title}</th>
                      <td className="px-3 py-2 text-right">{format(cost.requestsPerSecond, "")}</td>
                      <td className="px-3 py-2 text-right">{format(cost.addedMicros === null ? null : signed(cost.addedMicros), " µs")}</td>
                      <td className="px-3 py-2 text-right">{format(cost.ratio === null ? null : cost.ratio.toFixed(2), "×")}</td>
                      <td className="px-3 py-2 text-right">{micros(cost.firstCheckMicros)}</td>
                      <td className="px-3 py-2 text-right">{micros(cost.repeatCheckMicros)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="mt-3 text-sm leading-6 text-slate-600 dark:text-slate-400">
            A repeat check is cheap because a token or cookie that verified once is remembered until it expires (up to{" "}
            {VERIFIED_CACHE_CAPACITY.toLocaleString("en")} of each kind; the server session has no cryptographic check to skip); the
            revocation check still runs on every request. On a small shared machine throughput under load wanders by a
            fifth or more from one second to the next, while the per-request figures, measured request by request,
            hold still: compare rows of one run, not runs. README.md (&ldquo;What each approach costs&rdquo;) explains every figure.
          </p>
        </>
      ) : (
        <p data-testid="bench-missing" className="mt-3 text-[0.9375rem] leading-7 text-slate-700 dark:text-slate-300">
          No benchmark has run in this checkout yet. <code className={inlineCode}>npm run bench</code> (under three minutes)
          measures each approach&apos;s check in-process and its <code className={inlineCode}>/me</code> against the production
          build, and writes <code className={inlineCode}>bench-results/latest.json</code>; the next build shows
          those numbers here. README.md (&ldquo;What each approach costs&rdquo;) keeps a recorded run and explains it.
        </p>
      )}
    </section>
  );
}
