import type { Metadata } from "next";
import Link from "next/link";
import { APPROACHES } from "./components/approaches";
import { ACCENTS, buttonPrimary, focusRing, surface } from "./components/ui";

export const metadata: Metadata = {
  title: "Page not found",
};

const MORE = [
  { href: "/compare", title: "Compare", summary: "The usual trade-offs, each checked against the four approaches." },
  { href: "/lab", title: "Attack lab", summary: "Every known attack on these credentials, run for real." },
];

/**
 * Any path no page claims, and any `notFound()`. An unknown /api path never lands here: the
 * catch-all route answers it with a JSON problem, as every API error is.
 */
export default function NotFound() {
  return (
    <div className="mx-auto max-w-7xl px-4 pt-10 pb-16 sm:px-6 sm:pt-14 lg:px-8">
      <header className="max-w-3xl">
        <p className="text-sm font-semibold text-sky-700 dark:text-sky-400">404 Not Found</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-balance text-slate-950 sm:text-4xl dark:text-white">
          There is no page here
        </h1>
        <p className="mt-4 text-base leading-7 text-pretty text-slate-600 sm:text-lg sm:leading-8 dark:text-slate-400">
          The address may be mistyped, or the page has moved. Every approach runs side by side on the home page; each also
          has a page of its own.
        </p>
        <p className="mt-6">
          <Link href="/" className={buttonPrimary}>
            Go to the home page
          </Link>
        </p>
      </header>

      <nav aria-labelledby="not-found-sections" className="mt-12">
        <h2 id="not-found-sections" className="text-lg font-semibold tracking-tight text-slate-950 dark:text-white">
          Or go straight to
        </h2>
        <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {APPROACHES.map((approach) => (
            <SectionLink key={approach.id} href={approach.href} title={approach.title} summary={approach.summary} bar={ACCENTS[approach.accent].bar} />
          ))}
          {MORE.map((page) => (
            <SectionLink key={page.href} {...page} bar="bg-slate-400 dark:bg-slate-500" />
          ))}
        </ul>
      </nav>
    </div>
  );
}

function SectionLink({ href, title, summary, bar }: { href: string; title: string; summary: string; bar: string }) {
  return (
    <li>
      <Link
        href={href}
        className={`group flex h-full gap-3 rounded-2xl px-4 py-4 transition hover:ring-slate-300 dark:hover:ring-white/25 ${surface} ${focusRing}`}
      >
        <span aria-hidden="true" className={`w-1 shrink-0 rounded-full ${bar}`} />
        <span>
          <span className="font-semibold text-slate-950 group-hover:underline dark:text-white">{title}</span>
          <span className="mt-1 block text-sm text-slate-600 dark:text-slate-400">{summary}</span>
        </span>
      </Link>
    </li>
  );
}
