import Link from "next/link";
import { APPROACHES } from "./approaches";
import type { TradeOff, TradeOffCell, Verdict } from "./trade-offs";
import { ACCENTS } from "./ui";

const VERDICT_TONES: Record<Verdict, string> = {
  wrong: "bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-950/60 dark:text-red-200 dark:ring-red-400/30",
  mixed: "bg-amber-50 text-amber-900 ring-amber-600/30 dark:bg-amber-950/60 dark:text-amber-200 dark:ring-amber-400/30",
  right: "bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-950/60 dark:text-emerald-200 dark:ring-emerald-400/30",
  silent: "bg-slate-100 text-slate-700 ring-slate-500/25 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-400/30",
};

const evidenceLink =
  "rounded-sm font-medium text-sky-700 underline decoration-sky-300 underline-offset-2 hover:text-sky-900 hover:decoration-sky-600 dark:text-sky-300 dark:decoration-sky-700 dark:hover:text-sky-200";

function VerdictBadge({ row }: { row: TradeOff }) {
  return (
    <span
      data-testid="verdict"
      data-verdict={row.verdict}
      className={`inline-flex rounded-md px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${VERDICT_TONES[row.verdict]}`}
    >
      {row.verdictLabel}
    </span>
  );
}

function ArticleSays({ row }: { row: TradeOff }) {
  return (
    <p className="text-xs leading-5 text-slate-500 dark:text-slate-400">
      <span className="font-semibold text-slate-600 dark:text-slate-300">The article says: </span>
      {row.claim}
    </p>
  );
}

function Cell({ cell }: { cell: TradeOffCell }) {
  return (
    <>
      <p className="text-sm leading-6 text-slate-700 dark:text-slate-300">{cell.text}</p>
      <ul className="mt-2 space-y-1 text-xs leading-5">
        {cell.evidence.map((evidence) => (
          <li key={evidence.href} className="flex gap-1.5">
            <span aria-hidden="true" className="text-slate-400 dark:text-slate-500">
              →
            </span>
            <Link href={evidence.href} className={evidenceLink}>
              {evidence.label}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A phone's view: a card per trade-off, the approaches one under another. */
function CompareCards({ rows }: { rows: readonly TradeOff[] }) {
  return (
    <div className="space-y-6 lg:hidden">
      {rows.map((row) => (
        <section
          key={row.id}
          aria-labelledby={`${row.id}-card-title`}
          className="rounded-2xl bg-white px-4 py-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
        >
          <h2 id={`${row.id}-card-title`} className="text-base font-semibold text-slate-950 dark:text-white">
            {row.topic}
          </h2>
          <div className="mt-2 space-y-2">
            <ArticleSays row={row} />
            <p>
              <VerdictBadge row={row} />
            </p>
            <p className="text-sm leading-6 text-slate-800 dark:text-slate-200">{row.truth}</p>
          </div>
          <dl className="mt-4 space-y-4 border-t border-slate-100 pt-4 dark:border-slate-800">
            {APPROACHES.map((approach) => (
              <div key={approach.id}>
                <dt className="flex items-center gap-2 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
                  <span aria-hidden="true" className={`size-1.5 rounded-full ${ACCENTS[approach.accent].bar}`} />
                  {approach.title}
                </dt>
                <dd className="mt-1">
                  <Cell cell={row.cells[approach.id]} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}

/**
 * The trade-offs: a table from 1024 px up, where each trade-off is a row group (the
 * article's claim and the truth across the top, then a cell per approach), and a card
 * per trade-off below that, since five columns of prose do not fit a phone.
 */
export function CompareTable({ rows }: { rows: readonly TradeOff[] }) {
  return (
    <>
      <CompareCards rows={rows} />
      <div className="hidden overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200 lg:block dark:bg-slate-900 dark:ring-slate-800">
        <table data-testid="compare-table" className="w-full table-fixed text-left">
          <caption className="sr-only">The article&apos;s trade-offs, and what each approach here really does</caption>
          <colgroup>
            <col className="w-[16%]" />
            {APPROACHES.map((approach) => (
              <col key={approach.id} className="w-[21%]" />
            ))}
          </colgroup>
          <thead className="bg-slate-50 text-xs tracking-wide text-slate-500 uppercase dark:bg-slate-800/60 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-4 py-3 font-semibold">
                Trade-off
              </th>
              {APPROACHES.map((approach) => (
                <th key={approach.id} scope="col" className="px-4 py-3 font-semibold">
                  <Link href={approach.href} className="inline-flex items-center gap-2 rounded-sm hover:text-slate-900 dark:hover:text-white">
                    <span aria-hidden="true" className={`size-1.5 rounded-full ${ACCENTS[approach.accent].bar}`} />
                    {approach.title}
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          {rows.map((row) => (
            <tbody
              key={row.id}
              id={row.id}
              className="scroll-mt-4 border-t border-slate-200 align-top target:bg-amber-50/60 dark:border-slate-800 dark:target:bg-amber-950/30"
            >
              <tr>
                <th scope="row" rowSpan={2} className="px-4 py-4 font-normal">
                  <span className="block text-base font-semibold text-slate-950 dark:text-white">{row.topic}</span>
                  <span className="mt-2 block">
                    <VerdictBadge row={row} />
                  </span>
                </th>
                <td colSpan={APPROACHES.length} className="px-4 pt-4 pb-2">
                  <ArticleSays row={row} />
                  <p className="mt-1 text-sm leading-6 text-slate-800 dark:text-slate-200">{row.truth}</p>
                </td>
              </tr>
              <tr>
                {APPROACHES.map((approach) => (
                  <td key={approach.id} data-testid={`cell-${row.id}-${approach.id}`} className="px-4 pt-2 pb-5">
                    <Cell cell={row.cells[approach.id]} />
                  </td>
                ))}
              </tr>
            </tbody>
          ))}
        </table>
      </div>
    </>
  );
}
