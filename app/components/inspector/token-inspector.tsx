"use client";

import { useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import type { CredentialInspection } from "../api/types";
import { Button } from "../button";
import { PathText } from "../path-text";
import { buttonSecondary } from "../ui";
import { JWKS_PATH, browserKeySet, decodeToken, tampered, verifyToken, type DecodedToken, type Tampering, type Verification } from "./jwt";

type BearerInspection = Extract<CredentialInspection, { kind: "bearer" }>;

/** jwt.io's convention: header, payload and signature each keep one colour wherever they appear. */
const TONES = {
  header: {
    text: "text-rose-700 dark:text-rose-400",
    box: "bg-rose-50/60 ring-rose-200 dark:bg-rose-500/10 dark:ring-rose-900/60",
    dot: "bg-rose-500",
  },
  payload: {
    text: "text-violet-700 dark:text-violet-400",
    box: "bg-violet-50/60 ring-violet-200 dark:bg-violet-500/10 dark:ring-violet-900/60",
    dot: "bg-violet-500",
  },
  signature: {
    text: "text-sky-700 dark:text-sky-400",
    box: "bg-sky-50/60 ring-sky-200 dark:bg-sky-500/10 dark:ring-sky-900/60",
    dot: "bg-sky-500",
  },
} as const;

type Segment = keyof typeof TONES;

/** One line on what each claim or header parameter is for, shown beside it. */
const NOTES: Record<string, string> = {
  alg: "EdDSA: an Ed25519 signature",
  typ: "an access token (RFC 9068), not any JWT",
  kid: "which key signed it: looked up in the JWKS",
  iss: "issuer",
  aud: "audience: the API it is for",
  sub: "subject: the user's id",
  role: "the role when it was issued",
  sv: "session version: bumped by “sign out everywhere”",
  fid: "refresh family: the sign-in it came from; logout puts it on the deny list, ending all its tokens",
  jti: "token id: unique to this token",
};

const TIME_CLAIMS = new Set(["iat", "nbf", "exp"]);

const clockTime = (seconds: number) =>
  new Date(seconds * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });

const duration = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

/** The current time, moved on once a second while mounted. */
function useClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/**
 * The JWT column's access token, taken apart like jwt.io does it: header, payload and
 * signature decoded and colour-coded, the signature checked here against the app's
 * JWKS, and a countdown to `exp`. The token is read from the client's memory and never
 * rendered whole; nor is its signature.
 */
export function TokenInspector({ inspection }: { inspection: BearerInspection }) {
  const token = useSyncExternalStore(inspection.subscribe, inspection.token, () => null);
  const decoded = token ? decodeToken(token) : null;

  return (
    <div data-testid="token-inspector" className="space-y-4 px-4 pt-3 pb-4 text-sm text-slate-700 dark:text-slate-300">
      <p>
        The access token this column holds in memory. Its header and payload are base64url, not encrypted: anyone who holds
        the token can read them, as this page does here. Only the signature makes them worth trusting.
      </p>
      {!token ? (
        <p className="rounded-lg bg-slate-50 px-3 py-2 dark:bg-slate-800/50">
          No access token in memory right now. The next call trades the refresh cookie for one.
        </p>
      ) : !decoded ? (
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-amber-900 dark:bg-amber-500/10 dark:text-amber-200">
          The token in memory is not a JWT this page can decode.
        </p>
      ) : (
        <DecodedView token={token} decoded={decoded} />
      )}
    </div>
  );
}

function DecodedView({ token, decoded }: { token: string; decoded: DecodedToken }) {
  const now = useClock();
  const exp = typeof decoded.payload.exp === "number" ? decoded.payload.exp : null;
  const iat = typeof decoded.payload.iat === "number" ? decoded.payload.iat : null;
  const secondsLeft = exp === null ? null : Math.ceil(exp - now / 1000);
  const expired = secondsLeft !== null && secondsLeft <= 0;
  const { header, payload, signature } = decoded.segments;

  return (
    <>
      <figure className="rounded-lg bg-slate-950 px-3 py-2.5 font-mono text-xs text-slate-300 ring-1 ring-slate-900/10 dark:ring-white/10">
        <figcaption className="mb-1 font-sans text-[0.6875rem] font-semibold tracking-wide text-slate-400 uppercase">
          Encoded · {decoded.bytes} bytes on every request
        </figcaption>
        <p className="break-all">
          <span className="text-rose-400">{header.preview}</span>
          <span className="text-slate-500">.</span>
          <span className="text-violet-400">{payload.preview}</span>
          <span className="text-slate-500">.</span>
          <span className="text-sky-400">{signature.preview}</span>
        </p>
        <p className="mt-1 font-sans text-[0.6875rem] text-slate-400">Each part shortened: the whole token never goes into the page.</p>
      </figure>

      <SegmentBox segment="header" title="Header" size={`${header.encoded} characters · ${header.decoded} bytes of JSON`}>
        <JsonView value={decoded.header} tone={TONES.header.text} />
      </SegmentBox>

      <SegmentBox segment="payload" title="Payload" size={`${payload.encoded} characters · ${payload.decoded} bytes of JSON`}>
        <JsonView value={decoded.payload} tone={TONES.payload.text} />
      </SegmentBox>

      <SegmentBox segment="signature" title="Signature" size={`${signature.encoded} characters · ${signature.decoded} bytes`}>
        <p className="font-mono text-xs">
          Ed25519(<span className={TONES.header.text}>header</span>.<span className={TONES.payload.text}>payload</span>) ={" "}
          <span className={TONES.signature.text}>{signature.preview}</span>
        </p>
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          Made with the server’s private key; anyone can check it with the public key. Shown shortened, always.
        </p>
      </SegmentBox>

      <VerificationView token={token} expired={expired} />

      {secondsLeft !== null && exp !== null ? <Countdown secondsLeft={secondsLeft} lifetime={iat === null ? null : exp - iat} exp={exp} /> : null}

      <TamperLab token={token} />
    </>
  );
}

function SegmentBox({ segment, title, size, children }: { segment: Segment; title: string; size: string; children: ReactNode }) {
  const tone = TONES[segment];
  return (
    <section data-testid={`segment-${segment}`} aria-label={title} className={`rounded-lg px-3 py-2.5 ring-1 ring-inset ${tone.box}`}>
      <h3 className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5">
        <span className={`flex items-center gap-2 text-xs font-semibold tracking-wide uppercase ${tone.text}`}>
          <span aria-hidden="true" className={`size-2 rounded-full ${tone.dot}`} />
          {title}
        </span>
        <span className="text-xs text-slate-500 tabular-nums dark:text-slate-400">{size}</span>
      </h3>
      <div className="mt-1.5">{children}</div>
    </section>
  );
}

/** Pretty JSON for a flat object, with a note beside each claim a reader may not know. */
function JsonView({ value, tone }: { value: Record<string, unknown>; tone: string }) {
  const entries = Object.entries(value);
  return (
    <div className="font-mono text-xs leading-5 text-slate-800 dark:text-slate-200">
      <div>{"{"}</div>
      {entries.map(([key, claim], index) => {
        const note = TIME_CLAIMS.has(key) && typeof claim === "number" ? clockTime(claim) : NOTES[key];
        return (
          <div key={key} className="pl-4 break-all">
            <span className={tone}>{JSON.stringify(key)}</span>: {JSON.stringify(claim)}
            {index < entries.length - 1 ? "," : ""}
            {note ? <span className="font-sans break-normal text-slate-500 dark:text-slate-400"> {`// ${note}`}</span> : null}
          </div>
        );
      })}
      <div>{"}"}</div>
    </div>
  );
}

type Checked = { token: string; expired: boolean; result: Verification };

function VerificationView({ token, expired }: { token: string; expired: boolean }) {
  const [checked, setChecked] = useState<Checked | null>(null);
  // Checked again when the token changes, and once more when it expires.
  useEffect(() => {
    let active = true;
    void verifyToken(token, browserKeySet()).then((result) => {
      if (active) setChecked({ token, expired, result });
    });
    return () => {
      active = false;
    };
  }, [token, expired]);

  const result = checked?.token === token && checked.expired === expired ? checked.result : null;
  const state = result === null ? "verifying" : result.ok ? "verified" : "failed";
  const tone =
    state === "verified"
      ? "bg-emerald-50 text-emerald-900 ring-emerald-600/25 dark:bg-emerald-500/10 dark:text-emerald-200 dark:ring-emerald-500/30"
      : state === "failed"
        ? "bg-amber-50 text-amber-900 ring-amber-600/30 dark:bg-amber-500/10 dark:text-amber-200 dark:ring-amber-500/30"
        : "bg-slate-50 text-slate-700 ring-slate-200 dark:bg-slate-800/50 dark:text-slate-300 dark:ring-white/10";

  return (
    <div data-testid="verification" data-state={state} aria-live="polite" className={`rounded-lg px-3 py-2.5 ring-1 ring-inset ${tone}`}>
      {result === null ? (
        <p className="font-medium">
          Verifying in this browser against <PathText text={JWKS_PATH} />…
        </p>
      ) : result.ok ? (
        <>
          <p className="font-semibold">
            <span aria-hidden="true">✓ </span>Signature verified in this browser
          </p>
          <p className="mt-1 text-xs break-words">
            with kid <code className="font-mono break-all">{result.kid}</code> ({result.alg}) from{" "}
            <code className="font-mono">
              <PathText text={JWKS_PATH} />
            </code>
          </p>
        </>
      ) : (
        <>
          <p className="font-semibold">
            <span aria-hidden="true">✗ </span>Not verified: {result.reason}
          </p>
          <p className="mt-1 font-mono text-xs">{result.code}</p>
        </>
      )}
      <p className="mt-1.5 text-xs opacity-90">
        Checked here with public keys only: alg EdDSA, typ at+jwt, every required claim, exp. Left to the server: the iss and aud
        values, and revocation (only its deny list knows a signed-out token).
      </p>
    </div>
  );
}

function Countdown({ secondsLeft, lifetime, exp }: { secondsLeft: number; lifetime: number | null; exp: number }) {
  const left = Math.max(0, secondsLeft);
  const share = lifetime && lifetime > 0 ? Math.min(1, left / lifetime) : 0;
  return (
    <div className="space-y-2 rounded-lg px-3 py-2.5 ring-1 ring-slate-200 ring-inset dark:ring-white/10">
      <p className="flex flex-wrap items-baseline justify-between gap-x-3">
        <span className="text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">Expires</span>
        <span className="text-xs text-slate-500 dark:text-slate-400">exp {clockTime(exp)}</span>
      </p>
      <p
        role="timer"
        data-testid="countdown"
        data-seconds={left}
        className={`font-mono text-lg font-semibold tabular-nums ${secondsLeft > 0 ? "text-slate-900 dark:text-slate-100" : "text-amber-700 dark:text-amber-300"}`}
      >
        {secondsLeft > 0 ? `in ${left} s (${duration(left)})` : `expired ${-secondsLeft} s ago`}
      </p>
      <div aria-hidden="true" className="h-1.5 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800">
        <div className="h-full rounded-full bg-violet-500 transition-[width] duration-1000 ease-linear" style={{ width: `${share * 100}%` }} />
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        {secondsLeft > 0 ? "At zero" : "Now"} (give or take the 5 s of clock skew it allows) the API answers this token with 401 <code className="font-mono">invalid_token</code>. The
        column’s next call gets that 401, trades the refresh cookie for a new token (POST /api/jwt/refresh) and retries; this inspector
        then shows the new token.
      </p>
    </div>
  );
}

const TAMPERINGS: { how: Tampering; label: string; result: string }[] = [
  { how: "signature", label: "Change one signature character", result: "A copy with one signature character changed" },
  { how: "payload", label: "Extend exp by a day", result: "A copy whose payload says exp + 1 day, signature kept" },
];

/** "Try a tampered copy": what an attacker who edits a token gets. The copies are checked here and never sent. */
function TamperLab({ token }: { token: string }) {
  const [attempt, setAttempt] = useState<{ token: string; how: Tampering; result: Verification } | null>(null);
  const [pending, setPending] = useState<Tampering | null>(null);
  const shown = attempt?.token === token ? attempt : null;

  async function tryCopy(how: Tampering) {
    setPending(how);
    const result = await verifyToken(tampered(token, how), browserKeySet());
    setPending(null);
    setAttempt({ token, how, result });
  }

  return (
    <section aria-label="Try a tampered copy" className="space-y-2">
      <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">Try a tampered copy</h3>
      <p className="text-xs text-slate-600 dark:text-slate-400">Verified here like the real one; the copy is never sent anywhere.</p>
      <div className="flex flex-wrap gap-2">
        {TAMPERINGS.map(({ how, label }) => (
          <Button key={how} unavailable={pending !== null} onClick={() => void tryCopy(how)} className={buttonSecondary}>
            {label}
          </Button>
        ))}
      </div>
      <div data-testid="tampered-result" aria-live="polite">
        {shown ? (
          <p
            data-state={shown.result.ok ? "verified" : "failed"}
            className={`rounded-lg px-3 py-2 text-sm ring-1 ring-inset ${
              shown.result.ok
                ? "bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-500/10 dark:text-red-200"
                : "bg-emerald-50 text-emerald-900 ring-emerald-600/25 dark:bg-emerald-500/10 dark:text-emerald-200"
            }`}
          >
            {TAMPERINGS.find((tampering) => tampering.how === shown.how)?.result}:{" "}
            {shown.result.ok ? (
              <strong>verified — this should never happen</strong>
            ) : (
              <>
                <strong>NOT verified</strong>, {shown.result.reason} <code className="font-mono text-xs break-all">({shown.result.code})</code>
              </>
            )}
          </p>
        ) : null}
      </div>
    </section>
  );
}
