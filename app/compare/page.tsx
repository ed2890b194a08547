import type { Metadata } from "next";
import Link from "next/link";
import { latestBench } from "@/lib/bench";
import { env } from "@/lib/env";
import { CompareTable } from "../components/compare-table";
import { CostSection } from "../components/cost-section";
import { tradeOffs, type SessionLifetimes } from "../components/trade-offs";
import { inlineCode } from "../components/ui";

export const metadata: Metadata = {
  title: "Compare",
  description: "The usual JWT-versus-cookies trade-offs, each checked against the four approaches running here, with links to the proof.",
};

const linkClass =
  "rounded-sm font-medium text-sky-700 underline decoration-sky-300 underline-offset-2 hover:text-sky-900 hover:decoration-sky-600 dark:text-sky-300 dark:decoration-sky-700 dark:hover:text-sky-200";

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

function SecondServiceSection() {
  return (
    <section id="second-service" aria-labelledby="second-service-title" className="min-w-0 scroll-mt-4">
      <h2 id="second-service-title" className="text-xl font-semibold tracking-tight text-slate-950 dark:text-white">
        A second service
      </h2>
      <div className="mt-3 space-y-4 text-[0.9375rem] leading-7 text-slate-700 dark:text-slate-300">
        <p>
          <code className={inlineCode}>npm run resource-server</code> starts a small service of its own, in its own process, that
          accepts this app&apos;s access tokens by checking them against the{" "}
          <a href="/.well-known/jwks.json" className={linkClass}>
            published public keys
          </a>{" "}
          and nothing else: no shared secret, no session store. The end-to-end test{" "}
          <code className={inlineCode}>e2e/resource-server.spec.ts</code> signs in, has the second process accept the token,
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
