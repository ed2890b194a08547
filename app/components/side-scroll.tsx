"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

interface SideScrollProps {
  /** The region's accessible name: it is a tab stop, so that a keyboard can scroll it too. */
  label: string;
  className?: string;
  children: ReactNode;
}

/**
 * A box of code that scrolls sideways and shows when it does: while more lies to the right,
 * its right edge fades out under a "scroll →", so a line cut at the edge does not pass for
 * the whole of it.
 */
export function SideScroll({ label, className = "", children }: SideScrollProps) {
  const box = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState(false);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const update = () => setMore(element.scrollLeft + element.clientWidth < element.scrollWidth - 1);
    update();
    const resized = new ResizeObserver(update);
    resized.observe(element);
    element.addEventListener("scroll", update, { passive: true });
    return () => {
      resized.disconnect();
      element.removeEventListener("scroll", update);
    };
  }, []);

  return (
    <div className="relative">
      <div ref={box} tabIndex={0} role="region" aria-label={label} data-more={more || undefined} className={`overflow-x-auto ${className}`}>
        {children}
      </div>
      <div
        aria-hidden="true"
        data-testid="scroll-hint"
        className={`pointer-events-none absolute inset-y-0 right-0 flex w-20 items-start justify-end bg-linear-to-l from-slate-950 from-30% to-transparent pt-2 pr-2 transition-opacity ${more ? "opacity-100" : "opacity-0"}`}
      >
        <span className="rounded bg-slate-800 px-1.5 py-0.5 font-sans text-[11px] text-slate-200 ring-1 ring-white/15">scroll →</span>
      </div>
    </div>
  );
}
