"use client";

import { useEffect, useState } from "react";

interface CopyButtonProps {
  text: string;
  /** What is copied, for the button's accessible name ("Copy The guard"). */
  label: string;
}

type CopyState = "idle" | "copied" | "refused";

/** Copies `text` to the clipboard; says so, or says how to copy by hand when the browser refuses. */
export function CopyButton({ text, label }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state !== "copied") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      // Missing outside a secure context (plain http on another host), refused by permission.
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("refused");
    }
  }

  return (
    <div className="flex shrink-0 flex-col items-end gap-1">
      <button
        type="button"
        onClick={copy}
        className="inline-flex items-center gap-1.5 rounded-md bg-white/10 px-2.5 py-1 text-xs font-medium text-white ring-1 ring-white/15 transition ring-inset hover:bg-white/20 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-400"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-3.5" fill="currentColor">
          {state === "copied" ? (
            <path d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.58l7.3-7.3a1 1 0 0 1 1.4 0Z" />
          ) : (
            <path d="M7 3.5A1.5 1.5 0 0 1 8.5 2h6A1.5 1.5 0 0 1 16 3.5v9a1.5 1.5 0 0 1-1.5 1.5H13v1.5A1.5 1.5 0 0 1 11.5 17h-6A1.5 1.5 0 0 1 4 15.5v-9A1.5 1.5 0 0 1 5.5 5H7V3.5ZM8.5 5h3A1.5 1.5 0 0 1 13 6.5v6h1.5V3.5h-6V5Zm-3 1.5v9h6v-9h-6Z" />
          )}
        </svg>
        {state === "copied" ? "Copied" : "Copy"}
        <span className="sr-only"> {label}</span>
      </button>
      <p role="status" className="max-w-56 text-right text-xs text-amber-300">
        {state === "refused" ? "The browser refused the clipboard. Select the code and copy it by hand." : ""}
      </p>
    </div>
  );
}
