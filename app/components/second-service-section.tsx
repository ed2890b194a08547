"use client";

import { useState } from "react";
import type { ApiResult, ApproachClient, SecondServiceAnswer } from "./api/types";
import { Button } from "./button";
import { PathText } from "./path-text";
import { buttonSecondary, problemText, statusTone } from "./ui";

// A path in the prose (`/.well-known/jwks.json`), without the sentence's full stop after it.
const PATH_IN_PROSE = /(\/\S*[^\s.,;:])/;

interface SecondServiceSectionProps {
  client: ApproachClient;
  /** Why this credential can or cannot be checked elsewhere (from approaches.ts). */
  explanation: string;
  /** Where `npm run resource-server` listens, when this app was told (RESOURCE_SERVER_URL). */
  url: string | null;
  /**
   * Gets an answer that came from this app instead of the other service: the column's refresh,
   * when that service refused an expired token. A 401 there means the column's session is over.
   */
  onAppAnswer: (result: ApiResult<unknown>) => void;
}

/**
 * Seed claim 6, live: the JWT column sends its token to another service that holds no
 * secret; the cookie columns say why theirs cannot go there.
 */
export function SecondServiceSection({ client, explanation, url, onAppAnswer }: SecondServiceSectionProps) {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<ApiResult<SecondServiceAnswer> | null>(null);
  const call = client.callSecondService;

  async function callIt() {
    if (!call || !url) return;
    setPending(true);
    const answer = await call(url);
    setResult(answer);
    setPending(false);
    if (!answer.request.startsWith(`GET ${url}/`)) onAppAnswer(answer);
  }

  return (
    <section data-testid="second-service" className="space-y-2.5 rounded-xl bg-slate-50 px-4 py-3.5 ring-1 ring-slate-200 ring-inset dark:bg-slate-800/40 dark:ring-white/10">
      <h3 className="text-sm font-semibold text-slate-900 dark:text-slate-100">Another service</h3>
      <p className="text-sm break-words text-slate-600 dark:text-slate-400">
        {explanation.split(PATH_IN_PROSE).map((piece, index) => (index % 2 === 1 ? <PathText key={index} text={piece} /> : piece))}
      </p>
      {call ? (
        url ? (
          <div className="space-y-2">
            <Button onClick={callIt} unavailable={pending} className={buttonSecondary}>
              {pending ? "Calling…" : "Call the second service"}
            </Button>
            {/* Always there, so that its first answer is announced too (a live region is read out when its content changes). */}
            <div aria-live="polite">{result ? <SecondServiceResult result={result} url={url} /> : null}</div>
          </div>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            No second service is configured: run <code className="font-mono text-xs">npm run resource-server</code> and set{" "}
            <code className="font-mono text-xs">RESOURCE_SERVER_URL</code> (<code className="font-mono text-xs">npm run dev</code> does both).
          </p>
        )
      ) : null}
    </section>
  );
}

function SecondServiceResult({ result, url }: { result: ApiResult<SecondServiceAnswer>; url: string }) {
  return (
    <div data-testid="second-service-result" className={`rounded-lg px-3.5 py-2.5 text-sm ring-1 ring-inset ${statusTone(result.status)}`}>
      {result.ok ? (
        <>
          <p className="font-semibold">
            {result.status} from {new URL(url).host}: user #{result.data.sub} ({result.data.role})
          </p>
          <p className="mt-1">
            Verified with the public keys at <span className="font-mono text-xs break-words">
              <PathText text={result.data.verifiedWith} />
            </span> — no secret
            and no store there, so it cannot know whether this token was revoked: a copy works there until it expires.
          </p>
        </>
      ) : (
        <p className="font-semibold">
          {result.status === 0 ? `The second service at ${url} did not answer. Is it running?` : problemText(result)}
        </p>
      )}
    </div>
  );
}
