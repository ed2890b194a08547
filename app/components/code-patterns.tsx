import { patternsFor, type CodePattern } from "@/lib/patterns";
import type { ApproachId } from "./approaches";
import { CopyButton } from "./copy-button";
import { SideScroll } from "./side-scroll";

/**
 * "Copy this pattern": the code that does the work, as it is in the source files. The
 * blocks are cut by scripts/generate/patterns.ts at build time, never kept by hand.
 */
export function CodePatterns({ approach }: { approach: ApproachId }) {
  return (
    <section id="patterns" aria-labelledby="patterns-title" className="scroll-mt-4">
      <h2 id="patterns-title" className="text-xl font-semibold tracking-tight text-slate-950 dark:text-white">
        Copy this pattern
      </h2>
      <p className="mt-3 max-w-prose text-[0.9375rem] leading-7 text-slate-700 dark:text-slate-300">
        The code that does the work, cut from this app&apos;s own source files when it was built, so what you read here is
        what runs. Each block names its file and lines.
      </p>
      <div className="mt-5 space-y-6">
        {patternsFor(approach).map((pattern) => (
          <PatternBlock key={pattern.id} pattern={pattern} />
        ))}
      </div>
    </section>
  );
}

function PatternBlock({ pattern }: { pattern: CodePattern }) {
  const { id, title, note, path, startLine, endLine, code } = pattern;
  const lineNumbers = Array.from({ length: endLine - startLine + 1 }, (_, i) => startLine + i).join("\n");
  return (
    <figure
      id={`pattern-${id}`}
      data-testid="pattern"
      aria-labelledby={`pattern-${id}-title`}
      className="scroll-mt-4 overflow-hidden rounded-xl bg-slate-950 shadow-sm ring-1 ring-slate-900/10 dark:ring-white/10"
    >
      <figcaption className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 border-b border-white/10 px-4 py-3">
        <div className="min-w-0 flex-1">
          <h3 id={`pattern-${id}-title`} className="text-sm font-semibold text-white">
            {title}
          </h3>
          <p data-testid="pattern-location" className="mt-0.5 font-mono text-xs break-all text-sky-300">
            {path}:{startLine}–{endLine}
          </p>
          <p className="mt-1.5 max-w-prose text-xs leading-5 text-slate-300">{note}</p>
        </div>
        <CopyButton text={code} label={title} />
      </figcaption>
      <SideScroll label={`${title}: ${path}, lines ${startLine} to ${endLine}`} className="flex">
        <pre aria-hidden="true" className="sticky left-0 shrink-0 bg-slate-950 py-3 pr-3 pl-4 text-right font-mono text-xs leading-5 text-slate-400 select-none">
          {lineNumbers}
        </pre>
        <pre data-testid="pattern-code" className="py-3 pr-4 font-mono text-xs leading-5 text-slate-100">
          <code>{code}</code>
        </pre>
      </SideScroll>
    </figure>
  );
}
