"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { focusRing } from "./ui";

interface NavLinkProps {
  href: string;
  children: string;
  /** A shorter label shown on phones; the full one stays the link's accessible name. */
  short?: string;
}

/** A header link that marks itself as the current page (for sighted and screen-reader users alike). */
export function NavLink({ href, children, short }: NavLinkProps) {
  const pathname = usePathname();
  const current = href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={`rounded-md px-2 py-1.5 text-sm font-medium whitespace-nowrap transition sm:px-2.5 ${focusRing} ${
        current
          ? "bg-slate-900 text-white dark:bg-white dark:text-slate-900"
          : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
      }`}
    >
      {short ? (
        <>
          <span aria-hidden="true" className="sm:hidden">
            {short}
          </span>
          <span className="max-sm:sr-only">{children}</span>
        </>
      ) : (
        children
      )}
    </Link>
  );
}
