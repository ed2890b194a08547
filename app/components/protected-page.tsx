import Link from "next/link";
import type { ReactNode } from "react";
import { safeNextPath } from "@/lib/origin";
import { C, Section } from "./explainer";
import { link } from "./ui";

// The explanation page's side of a protected page: the proxy sends an anonymous visitor
// here with ?next=…, the column signs them in, and they are taken back.

export type SearchParams = Record<string, string | string[] | undefined>;

/**
 * Where to go after signing in, and the note that says so, from a page's `?next=`. Only a
 * path on this site is ever followed; anything else falls back to the account page.
 *
 * @example
 * const { next, notice } = signInNotice(await searchParams, "/cookie/account");
 */
export function signInNotice(searchParams: SearchParams, accountPage: string): { next?: string; notice?: ReactNode } {
  const raw = searchParams.next;
  const requested = Array.isArray(raw) ? raw[0] : raw;
  const next = requested === undefined ? undefined : safeNextPath(requested, accountPage);
  if (!next) return {};

  return {
    next,
    notice: (
      <div role="note" className="rounded-xl bg-sky-50 px-4 py-3 text-sm text-sky-900 ring-1 ring-sky-600/20 ring-inset dark:bg-sky-500/10 dark:text-sky-200 dark:ring-sky-400/25">
        <p className="font-semibold">Sign in to see your account</p>
        <p className="mt-0.5 text-sky-800 dark:text-sky-300">
          You will be taken to <C>{next}</C> once you are signed in.
        </p>
      </div>
    ),
  };
}

/** The closing section of a cookie approach's page: what its account page shows. */
export function ProtectedPageSection({ accountPage }: { accountPage: string }) {
  return (
    <Section id="pages" title="A protected page">
      <p>
        Because the cookie comes along with a page navigation, the server can decide who you are before it renders
        anything.{" "}
        <Link href={accountPage} className={link}>
          Your account page
        </Link>{" "}
        is rendered on the server from the cookie alone, with no script involved. Visit it signed out and you are sent
        here to sign in, then taken back.
      </p>
    </Section>
  );
}
