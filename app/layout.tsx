import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { NavLink } from "./components/nav-link";
import { focusRing } from "./components/ui";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Session Lab", template: "%s · Session Lab" },
  description: "JWT bearer tokens, encrypted cookie sessions, next-auth and classic server-side sessions, side by side and for real.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8fafc" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};

function LogoMark() {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className="size-7">
      <rect width="32" height="32" rx="8" className="fill-slate-900 dark:fill-slate-800" />
      <rect x="7" y="9" width="11" height="14" rx="2.5" className="fill-violet-400" />
      <rect x="14" y="9" width="11" height="14" rx="2.5" className="fill-teal-400 mix-blend-screen" />
    </svg>
  );
}

export default async function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  // Every page is rendered per request: its scripts must carry this request's CSP nonce
  // (set by proxy.ts), which a page prerendered at build time could not know.
  await connection();
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-900 shadow ring-1 ring-slate-300 focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 dark:bg-slate-800 dark:text-white dark:ring-slate-600"
        >
          Skip to content
        </a>
        {/* Opaque: under a translucent one the home page's dark hero panel scrolls by as a grey smear. */}
        <header className="top-0 z-40 border-b border-slate-200 bg-white lg:sticky dark:border-white/10 dark:bg-slate-950">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3 sm:px-6 lg:px-8">
            <Link
              href="/"
              className={`flex items-center gap-2.5 rounded-md font-semibold tracking-tight text-slate-950 dark:text-white ${focusRing}`}
            >
              <LogoMark />
              Session Lab
            </Link>
            <nav aria-label="Main" className="-mx-2 flex flex-wrap items-center gap-0.5 sm:mx-0 sm:gap-1">
              <NavLink href="/">Home</NavLink>
              <NavLink href="/jwt" short="JWT">
                JWT bearer
              </NavLink>
              <NavLink href="/cookie" short="Cookie">
                Encrypted cookie
              </NavLink>
              <NavLink href="/nextauth">next-auth</NavLink>
              <NavLink href="/server-session" short="Server">
                Server session
              </NavLink>
              <NavLink href="/compare">Compare</NavLink>
              <NavLink href="/lab" short="Lab">
                Attack lab
              </NavLink>
            </nav>
          </div>
        </header>
        <main id="main" className="flex-1">
          {children}
        </main>
        <footer className="border-t border-slate-200 bg-white dark:border-white/10 dark:bg-slate-900">
          <div className="mx-auto flex max-w-7xl flex-col gap-3 px-4 py-8 text-sm text-slate-500 sm:flex-row dark:text-slate-400 sm:items-center sm:justify-between sm:px-6 lg:px-8">
            <p>
              <span className="font-medium text-slate-700 dark:text-slate-200">Session Lab</span> — one set of users and notes, reached through
              each way of staying signed in.
            </p>
            <p className="flex flex-wrap gap-x-4 gap-y-1">
              <a href="/.well-known/jwks.json" className="rounded-sm hover:text-slate-900 hover:underline dark:hover:text-white">
                Public keys (JWKS)
              </a>
              {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- JSON, not a page: the rule takes the catch-all app/api/[...unknown] for one */}
              <a href="/api/health" className="rounded-sm hover:text-slate-900 hover:underline dark:hover:text-white">
                Health
              </a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
