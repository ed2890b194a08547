import type { Metadata } from "next";
import Link from "next/link";
import { latestBench, type BenchSummary } from "@/lib/bench";
import { env } from "@/lib/env";
import { VERIFIED_CACHE_CAPACITY } from "@/lib/verified-cache";
import { APPROACHES } from "../components/approaches";
import { CompareTable } from "../components/compare-table";
import { tradeOffs, type SessionLifetimes } from "../components/trade-offs";

export const metadata: Metadata = {
  title: "Compare",
  description: "The usual JWT-versus-cookies trade-offs, each checked against the four approaches running here, with links to the proof.",
};

const linkClass =
  "rounded-sm font-medium text-sky-700 underline decoration-sky-300 underline-offset-2 hover:text-sky-900 hover:decoration-sky-600 dark:text-sky-300 dark:decoration-sky-700 dark:hover:text-sky-200";

const code = "rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8125rem] text-slate-900 dark:bg-slate-800 dark:text-slate-100";

export default function ComparePage() {
  const bench = latestBench();
  const { COOKIE_SESSION_TTL_SECONDS, NEXTAUTH_SESSION_TTL_SECONDS, SERVER_SESSION_IDLE_SECONDS, SERVER_SESSION_TTL_SECONDS } = env();
  const lifetimes: SessionLifetimes = {
    cookie: COOKIE_SESSION_TTL_SECONDS,
    nextauth: NEXTAUTH_SESSION_TTL_SECONDS,
    serverSessionIdle: SERVER_SESSION_IDLE_SECONDS,
    serverSessionAbsolute: SERVER_SESSION_TTL_SECONDS,
  };
  return (
    <div className="mx-auto max-w-7xl px-4 pt-10 pb-16 sm:px-6 sm:pt-14 lg:px-8">
      <header className="max-w-3xl">
        <h1 className="text-3xl font-semibold tracking-tight text-balance text-slate-950 sm:text-4xl dark:text-white">
          The trade-offs, checked
        </h1>
        <p className="mt-4 text-base leading-7 text-pretty text-slate-600 sm:text-lg sm:leading-8 dark:text-slate-300">
          Session Lab began as an answer to a popular tutorial on sessions in stateless APIs. Here is its list of
          trade-offs, one row each, with what each approach running here really does. Every cell links to the lab test,
          measurement or code that shows it, and each row says plainly where the article was right and where it was wrong.
        </p>
      </header>

      <div className="mt-10">
        <CompareTable rows={tradeOffs(bench, lifetimes)} />
      </div>

      <div className="mt-14 grid gap-10 lg:grid-cols-2 lg:gap-12">
        <CostSection bench={bench} />
        <SecondServiceSection />
      </div>
    </div>
  );
}

function CostSection({ bench }: { bench: BenchSummary | null }) {
  const format = (value: number | string | null, unit: string) => (value === null ? "—" : `${value}${unit}`);
  // One decimal below 10 µs, none above: "0.2 µs" beside "0.1 µs", not beside "0.18 µs".
  const micros = (value: number | null) => format(value === null ? null : value < 10 ? value.toFixed(1) : Math.round(value), " µs");
  return (
    <section id="cost" aria-labelledby="cost-title" className="min-w-0 scroll-mt-4">
      <h2 id="cost-title" className="text-xl font-semibold tracking-tight text-slate-950 dark:text-white">
        What a check costs, measured
      </h2>
      {bench ? (
        <>
          <p className="mt-3 text-[0.9375rem] leading-7 text-slate-700 dark:text-slate-300">
            From the last <code className={code}>npm run bench</code> in this checkout ({bench.date.slice(0, 10)}, {bench.machine}):
            each approach&apos;s <code className={code}>/me</code> against <code className={code}>next start</code>, revocation
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
                      <td className="px-3 py-2 text-right">{format(cost.addedMicros === null ? null : `+${cost.addedMicros}`, " µs")}</td>
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
          No benchmark has run in this checkout yet. <code className={code}>npm run bench</code> (under three minutes)
          measures each approach&apos;s check in-process and its <code className={code}>/me</code> against the production
          build, and writes <code className={code}>bench-results/latest.json</code>; the next build shows
          those numbers here. README.md (&ldquo;What each approach costs&rdquo;) keeps a recorded run and explains it.
        </p>
      )}
    </section>
  );
}

function SecondServiceSection() {
  return (
    <section id="second-service" aria-labelledby="second-service-title" className="min-w-0 scroll-mt-4">
      <h2 id="second-service-title" className="text-xl font-semibold tracking-tight text-slate-950 dark:text-white">
        A second service
      </h2>
      <div className="mt-3 space-y-4 text-[0.9375rem] leading-7 text-slate-700 dark:text-slate-300">
        <p>
          <code className={code}>npm run resource-server</code> starts a small service of its own, in its own process, that
          accepts this app&apos;s access tokens by checking them against the{" "}
          <a href="/.well-known/jwks.json" className={linkClass}>
            published public keys
          </a>{" "}
          and nothing else: no shared secret, no session store. The end-to-end test{" "}
          <code className={code}>e2e/resource-server.spec.ts</code> signs in, has the second process accept the token,
          and has it refuse a tampered one.
        </p>
        <p>
          The same test shows the other half of the trade. The service cannot see this app&apos;s store, so a token
          revoked by logout still works there until it expires: whoever verifies without the store trusts the token&apos;s
          lifetime. The cookie approaches could only be checked there by handing over their secret (which also mints
          credentials) or the store itself.{" "}
          <Link href="/jwt#pattern-remote-verify" className={linkClass}>
            The service&apos;s key set, in code
          </Link>
          .
        </p>
      </div>
    </section>
  );
}
