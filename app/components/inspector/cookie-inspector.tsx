"use client";

import { Fragment, useEffect, useEffectEvent, useState, useSyncExternalStore } from "react";
import type { ApiResult, CredentialAnatomy, CredentialInspection, CredentialPart } from "../api/types";
import { Button } from "../button";
import { buttonSecondary, problemText } from "../ui";

type CookieSource = Extract<CredentialInspection, { kind: "cookie" }>;

interface Tone {
  /** On the always-dark wire view. */
  wire: string;
  dot: string;
  text: string;
}

const tone = (wire: string, dot: string, text: string): Tone => ({ wire, dot, text });

// One colour per kind of part, the same in every format: ciphertext is always violet, integrity always green.
const TONES: Record<string, Tone> = {
  Format: tone("text-slate-300", "bg-slate-400", "text-slate-700 dark:text-slate-300"),
  "Password id": tone("text-sky-300", "bg-sky-500", "text-sky-700 dark:text-sky-300"),
  "Encryption salt": tone("text-amber-300", "bg-amber-500", "text-amber-700 dark:text-amber-300"),
  IV: tone("text-lime-300", "bg-lime-500", "text-lime-700 dark:text-lime-300"),
  Ciphertext: tone("text-violet-300", "bg-violet-500", "text-violet-700 dark:text-violet-300"),
  Expiration: tone("text-cyan-300", "bg-cyan-500", "text-cyan-700 dark:text-cyan-300"),
  "HMAC salt": tone("text-orange-300", "bg-orange-500", "text-orange-700 dark:text-orange-300"),
  HMAC: tone("text-emerald-300", "bg-emerald-500", "text-emerald-700 dark:text-emerald-300"),
  "iron-session version": tone("text-fuchsia-300", "bg-fuchsia-500", "text-fuchsia-700 dark:text-fuchsia-300"),
  "Protected header": tone("text-rose-300", "bg-rose-500", "text-rose-700 dark:text-rose-300"),
  "Encrypted key": tone("text-slate-300", "bg-slate-400", "text-slate-700 dark:text-slate-300"),
  "Authentication tag": tone("text-emerald-300", "bg-emerald-500", "text-emerald-700 dark:text-emerald-300"),
  "Session id": tone("text-sky-300", "bg-sky-500", "text-sky-700 dark:text-sky-300"),
  Secret: tone("text-amber-300", "bg-amber-500", "text-amber-700 dark:text-amber-300"),
};

const toneOf = (part: CredentialPart) => TONES[part.label] ?? tone("text-slate-300", "bg-slate-400", "text-slate-700 dark:text-slate-300");

/** What holding the server's secret buys, against what script on the page gets. */
const WHO_READS: Record<CredentialAnatomy["approach"], { server: string; script: string }> = {
  cookie: {
    server:
      "Opens it with IRON_SESSION_PASSWORD: derives both keys from the password and the two salts, checks the HMAC, decrypts, and reads the user id, session id, session version and expiry.",
    script:
      "Nothing: the cookie is HttpOnly. Even a stolen copy stays sealed without the password, though the server would accept it until it expires or is revoked.",
  },
  nextauth: {
    server:
      "Derives the key from NEXTAUTH_SECRET (HKDF-SHA-256), checks the tag and decrypts: the JWT inside holds the user, role, session id and expiry.",
    script:
      "Nothing: the cookie is HttpOnly. Even a stolen copy shows only its header; the claims are encrypted, unlike the JWT column’s signed token.",
  },
  "server-session": {
    server:
      "Looks the id up in its store and compares the secret’s SHA-256 with the hash it keeps: the record, not the cookie, holds the user, role and expiry.",
    script: "Nothing: the cookie is HttpOnly. And there is nothing inside to read: two random values, no data.",
  },
};

const noSubscription = () => () => {};

/**
 * An HttpOnly session cookie, outlined part by part. Script cannot read the cookie, so
 * the server describes the copy it received: labels, lengths, and only the first few
 * characters of anything that is not public.
 */
export function CookieInspector({ inspection, onAnswer }: { inspection: CookieSource; onAnswer: (result: ApiResult<unknown>) => void }) {
  const [request, setRequest] = useState(0);
  const [answer, setAnswer] = useState<{ request: number; result: ApiResult<CredentialAnatomy> } | null>(null);
  // Through an effect event: the column passes a new function on every render.
  const answered = useEffectEvent(onAnswer);
  useEffect(() => {
    let active = true;
    void inspection.describe().then((result) => {
      if (!active) return;
      setAnswer({ request, result });
      answered(result); // a 401: the session is gone, and the column says so
    });
    return () => {
      active = false;
    };
  }, [inspection, request]);
  const result = answer?.request === request ? answer.result : null;

  return (
    <div data-testid="cookie-inspector" className="space-y-4 px-4 pt-3 pb-4 text-sm text-slate-700 dark:text-slate-300">
      <p>
        This cookie is HttpOnly: script on this page cannot read it, so the server describes the copy it just received (see
        the request log). Parts that are not public show only their first 4 characters.
      </p>
      <div aria-live="polite">
        {result === null ? (
          <p className="text-slate-500 dark:text-slate-400">Asking the server…</p>
        ) : result.ok ? (
          <AnatomyView anatomy={result.data} />
        ) : (
          <p className="rounded-lg bg-amber-50 px-3 py-2 text-amber-900 ring-1 ring-amber-600/30 ring-inset dark:bg-amber-500/10 dark:text-amber-200">
            {problemText(result)}
          </p>
        )}
      </div>
      <Button onClick={() => setRequest((count) => count + 1)} unavailable={result === null} className={buttonSecondary}>
        Ask again
      </Button>
    </div>
  );
}

function AnatomyView({ anatomy }: { anatomy: CredentialAnatomy }) {
  const readable = useSyncExternalStore(noSubscription, () => document.cookie, () => "");
  const names = readable ? readable.split(";").map((pair) => pair.split("=")[0]?.trim()) : [];
  const who = WHO_READS[anatomy.approach];
  const chunked = anatomy.cookies.length > 1;

  return (
    <div className="space-y-4">
      <figure className="rounded-lg bg-slate-950 px-3 py-2.5 font-mono text-xs text-slate-300 ring-1 ring-slate-900/10 dark:ring-white/10">
        <figcaption className="mb-1 font-sans text-xs font-semibold text-slate-400">
          {/* Not upper-cased: cookie names are case-sensitive. */}
          Cookie {anatomy.cookies.map((cookie) => cookie.name).join(" + ")} · {anatomy.bytes} bytes
        </figcaption>
        <p data-testid="cookie-wire" className="break-all">
          {anatomy.parts.map((part) => (
            <Fragment key={part.label}>
              {part.delimiter ? <span className="text-slate-500">{part.delimiter}</span> : null}
              <span className={toneOf(part).wire}>{part.shown}</span>
            </Fragment>
          ))}
        </p>
      </figure>

      <p>
        <span className="font-medium text-slate-900 dark:text-slate-100">Format:</span> {anatomy.format}.
      </p>

      <ol aria-label="Parts of the cookie" className="space-y-2.5">
        {anatomy.parts.map((part) => {
          const colours = toneOf(part);
          return (
            <li key={part.label} data-testid="cookie-part" className="flex gap-2.5">
              <span aria-hidden="true" className={`mt-1.5 size-2 shrink-0 rounded-full ${colours.dot}`} />
              <div className="min-w-0 space-y-0.5">
                <p className="flex flex-wrap items-baseline gap-x-2">
                  <span className={`font-semibold ${colours.text}`}>{part.label}</span>
                  <span className="text-xs text-slate-500 tabular-nums dark:text-slate-400">
                    {part.length} {part.length === 1 ? "character" : "characters"}
                  </span>
                  <span
                    className={`rounded px-1.5 text-[0.6875rem] font-medium ring-1 ring-inset ${
                      part.public
                        ? "bg-sky-50 text-sky-800 ring-sky-200 dark:bg-sky-500/10 dark:text-sky-200 dark:ring-sky-800"
                        : "bg-slate-100 text-slate-700 ring-slate-200 dark:bg-slate-800 dark:text-slate-300 dark:ring-white/10"
                    }`}
                  >
                    {part.public ? "readable" : "opaque"}
                  </span>
                </p>
                <p className="font-mono text-xs break-all text-slate-800 dark:text-slate-200">
                  {part.shown || <span className="font-sans text-slate-500 italic dark:text-slate-400">empty</span>}
                  {part.decoded ? <span className="text-slate-500 dark:text-slate-400"> = {part.decoded}</span> : null}
                </p>
                <p className="text-xs text-slate-600 dark:text-slate-400">{part.purpose}</p>
              </div>
            </li>
          );
        })}
      </ol>

      {anatomy.approach === "nextauth" ? (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {chunked ? `This one came in ${anatomy.cookies.length} cookies. ` : ""}Past about 4 KB, next-auth splits the value into{" "}
          <code className="font-mono">.0</code>, <code className="font-mono">.1</code>, … cookies and joins them before decrypting.
        </p>
      ) : null}

      <div className="grid gap-3 sm:grid-cols-2">
        <div className="rounded-lg bg-emerald-50 px-3 py-2.5 text-emerald-950 ring-1 ring-emerald-600/20 ring-inset dark:bg-emerald-500/10 dark:text-emerald-100 dark:ring-emerald-500/30">
          <h3 className="text-xs font-semibold tracking-wide uppercase">What the server reads</h3>
          <p className="mt-1 text-sm">{who.server}</p>
        </div>
        <div className="rounded-lg bg-slate-50 px-3 py-2.5 text-slate-900 ring-1 ring-slate-200 ring-inset dark:bg-slate-800/50 dark:text-slate-100 dark:ring-white/10">
          <h3 className="text-xs font-semibold tracking-wide uppercase">What this page’s script reads</h3>
          <p className="mt-1 text-sm">{who.script}</p>
          <p data-testid="document-cookie" className="mt-1.5 text-xs text-slate-600 dark:text-slate-400">
            <code className="font-mono">document.cookie</code> here:{" "}
            {names.length === 0 ? "empty" : `only ${names.join(", ")}`}
          </p>
        </div>
      </div>
    </div>
  );
}
