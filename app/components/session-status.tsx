import type { ReactNode, Ref } from "react";
import type { User } from "./api/types";
import { focusRing } from "./ui";

/** Finding out whether this browser is signed in: still asking, answered, or the question failed (a 503, the network). */
export type SessionCheck = "running" | "done" | "failed";

/** A user as the column names them: `alice (admin)`. */
export const describeUser = (user: User) => `${user.username} (${user.role})`;

interface SessionStatusProps {
  /** The status line, where focus goes when signing in takes away the form that had it. */
  statusRef?: Ref<HTMLParagraphElement>;
  user: User | null;
  /** Whether the column knows if it is signed in; while `user` is null, "failed" is no "Not signed in". */
  check: SessionCheck;
  /** One line about the credential while signed in: what script can see of it, or that it cannot. */
  credential: string | null;
  /** The Sign out button, while signed in. */
  children?: ReactNode;
}

/** Who this column is signed in as, if anyone, announced whenever it changes. */
export function SessionStatus({ statusRef, user, check, credential, children }: SessionStatusProps) {
  return (
    <div
      className={`flex flex-wrap items-center justify-between gap-x-3 gap-y-2 rounded-xl px-3.5 py-3 ring-1 ring-inset sm:px-4 ${
        user
          ? "bg-emerald-50/70 ring-emerald-600/20 dark:bg-emerald-500/10 dark:ring-emerald-400/20"
          : "bg-slate-50 ring-slate-200 dark:bg-slate-800/50 dark:ring-white/10"
      }`}
    >
      <p
        ref={statusRef}
        tabIndex={-1}
        data-testid="status"
        role="status"
        className={`flex items-center gap-2 rounded-sm text-sm font-medium text-slate-900 dark:text-slate-100 ${focusRing}`}
      >
        <span
          aria-hidden="true"
          className={`size-2 rounded-full ${user ? "bg-emerald-500" : check === "running" ? "animate-pulse bg-slate-400" : check === "failed" ? "bg-amber-500" : "bg-slate-400"}`}
        />
        {user
          ? `Signed in as ${describeUser(user)}`
          : check === "running"
            ? "Checking for a session…"
            : check === "failed"
              ? "Could not check for a session: reload to try again"
              : "Not signed in"}
      </p>
      {children}
      {credential ? <p className="w-full font-mono text-xs break-words text-slate-600 dark:text-slate-400">{credential}</p> : null}
    </div>
  );
}
