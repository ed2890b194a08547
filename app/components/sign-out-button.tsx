"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonSecondary } from "./ui";

/** Signs out of the cookie session from a server-rendered page, then leaves it. */
export function CookieSignOutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);

  async function signOut() {
    setPending(true);
    setFailed(false);
    const response = await fetch("/api/cookie/logout", { method: "POST", credentials: "same-origin" }).catch(() => null);
    if (response?.ok) {
      router.replace("/cookie"); // not push: Back should not return to a page that is no longer yours
      return;
    }
    setPending(false);
    setFailed(true);
  }

  return (
    <div className="flex items-center gap-3">
      <button type="button" onClick={signOut} disabled={pending} className={buttonSecondary}>
        Sign out
      </button>
      {failed ? (
        <p role="alert" className="text-sm text-amber-800">
          Signing out failed. Try again.
        </p>
      ) : null}
    </div>
  );
}
