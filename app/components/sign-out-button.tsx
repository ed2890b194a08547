"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { approachById, type ApproachId } from "./approaches";
import { Button } from "./button";
import { buttonSecondary } from "./ui";

/**
 * Signs out of an approach's session from a server-rendered page, then leaves it for the
 * approach's own page. It signs out through the same client as the approach's column.
 */
export function SignOutButton({ approach: id }: { approach: ApproachId }) {
  const approach = approachById(id);
  const router = useRouter();
  const [client] = useState(approach.createClient);
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);

  async function signOut() {
    setPending(true);
    setFailed(false);
    const result = await client.logout();
    if (result.ok) {
      router.replace(approach.href); // not push: Back should not return to a page that is no longer yours
      return;
    }
    setPending(false);
    setFailed(true);
  }

  return (
    <div className="flex items-center gap-3">
      <Button onClick={signOut} unavailable={pending} className={buttonSecondary}>
        Sign out
      </Button>
      {failed ? (
        <p role="alert" className="text-sm text-amber-800 dark:text-amber-300">
          Signing out failed. Try again.
        </p>
      ) : null}
    </div>
  );
}
