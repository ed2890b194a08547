import type { ReactNode } from "react";
import { env } from "@/lib/env";
import { ApproachPanel } from "./approach-panel";
import { approachById, type ApproachId } from "./approaches";
import { CodePatterns } from "./code-patterns";
import { ACCENTS, inlineCode, link } from "./ui";

// The shared frame of every approach's explanation page: the prose on the left, the
// working column on the right (first on a phone when the visitor came here to sign in), and
// under both, the width of the page, "Copy this pattern": code lines are long.

interface ExplainerProps {
  approach: ApproachId;
  lead: ReactNode;
  next?: string;
  notice?: ReactNode;
  children: ReactNode;
}

export function Explainer({ approach: id, lead, next, notice, children }: ExplainerProps) {
  const approach = approachById(id);
  const accent = ACCENTS[approach.accent];
  return (
    <div className="mx-auto max-w-7xl px-4 pt-10 pb-16 sm:px-6 sm:pt-14 lg:px-8">
      <header className="max-w-3xl">
        <p className={`inline-flex items-center gap-2 rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${accent.soft}`}>
          <span aria-hidden="true" className={`size-1.5 rounded-full ${accent.bar}`} />
          {approach.library}
        </p>
        <h1 className="mt-3 text-3xl font-semibold tracking-tight text-balance text-slate-950 sm:text-4xl dark:text-white">{approach.title}</h1>
        <p className="mt-4 text-base leading-7 text-pretty text-slate-600 sm:text-lg sm:leading-8 dark:text-slate-400">{lead}</p>
        {/* Below lg the working column comes after all the prose: 9,000 px and more down on a phone. */}
        {notice ? null : (
          <p className="mt-4 text-sm lg:hidden">
            <a href="#try" className={link}>
              Try it below ↓
            </a>
          </p>
        )}
      </header>
      <div className="mt-10 grid gap-10 lg:grid-cols-[minmax(0,1fr)_minmax(0,30rem)] lg:gap-12">
        <article className="min-w-0 space-y-10">{children}</article>
        <aside id="try" aria-label={`Try ${approach.title}`} className={`min-w-0 scroll-mt-4 space-y-4 lg:self-start ${notice ? "order-first lg:order-none" : ""}`}>
          {notice}
          <ApproachPanel approach={id} demoPassword={env().DEMO_PASSWORD} next={next} secondServiceUrl={env().RESOURCE_SERVER_URL ?? null} />
        </aside>
      </div>
      <div className="mt-14">
        <CodePatterns approach={id} />
      </div>
    </div>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-4">
      <h2 id={`${id}-title`} className="text-xl font-semibold tracking-tight text-slate-950 dark:text-white">
        {title}
      </h2>
      <div className="mt-3 max-w-prose space-y-4 text-[0.9375rem] leading-7 text-slate-700 dark:text-slate-300">{children}</div>
    </section>
  );
}

/** Inline code. */
export function C({ children }: { children: ReactNode }) {
  return <code className={inlineCode}>{children}</code>;
}

/** A request or response as it crosses the wire. Long lines wrap: a block that scrolled would need a tab stop of its own. */
export function Wire({ label, children }: { label: string; children: string }) {
  return (
    <figure className="overflow-hidden rounded-xl bg-slate-950 ring-1 ring-slate-900/10 dark:bg-slate-900 dark:ring-white/10">
      <figcaption className="border-b border-white/10 px-4 py-2 text-xs font-medium text-slate-400">{label}</figcaption>
      <pre className="px-4 py-3 font-mono text-xs leading-6 break-words whitespace-pre-wrap text-slate-200">{children}</pre>
    </figure>
  );
}

/** "The article says … / What is true …": a correction of the tutorial this lab answers. */
export function Correction({ claim, children }: { claim: string; children: ReactNode }) {
  return (
    <div className="rounded-xl bg-amber-50/60 px-4 py-3 ring-1 ring-amber-600/20 ring-inset dark:bg-amber-500/10 dark:ring-amber-400/25">
      <p className="text-sm text-amber-900 dark:text-amber-200">
        <span className="font-semibold">A common claim:</span> {claim}
      </p>
      <p className="mt-1.5 text-sm text-slate-800 dark:text-slate-200">
        <span className="font-semibold">What is true:</span> {children}
      </p>
    </div>
  );
}
