import type { Metadata } from "next";
import Link from "next/link";
import { PREVIOUS_SECRET_GRACE_MS, sessionLifetimes, touchIntervalMs } from "@/lib/auth/server-session/config";
import { describeDuration, describeDurationRange } from "@/lib/duration";
import { C, Correction, Explainer, Section, Wire } from "../components/explainer";
import { ProtectedPageSection, signInNotice, type SearchParams } from "../components/protected-page";
import { link } from "../components/ui";

export const metadata: Metadata = {
  title: "Server session",
  description: "The classic server-side session: an opaque id in an HttpOnly cookie, the session itself in a store on the server.",
};

const ACCOUNT_PAGE = "/server-session/account";

interface ServerSessionPageProps {
  searchParams: Promise<SearchParams>;
}

export default async function ServerSessionPage({ searchParams }: ServerSessionPageProps) {
  const { next, notice } = signInNotice(await searchParams, ACCOUNT_PAGE);
  const { idleMs, absoluteMs } = sessionLifetimes();
  const touchMs = touchIntervalMs(idleMs);
  const touchInterval = describeDuration(touchMs / 1000);

  return (
    <Explainer
      approach="server-session"
      next={next}
      notice={notice}
      lead="The cookie holds a random id and nothing else. Who you are, since when and until when is a record in the server's store, looked up on every request. This is the classic design, and the baseline every stateless approach is measured against."
    >
      <Section id="how" title="How it works">
        <p>
          Signing in is a <C>POST /api/server-session/login</C> with a username and password. The server makes two random
          values: a 128-bit id that names the session, and a 256-bit secret that proves the bearer holds the cookie. It
          writes a record under the id (the user, the role, when it began, when it was last seen, the browser&apos;s user
          agent) and sends <C>id.secret</C> back in a cookie: HttpOnly, <C>SameSite=Lax</C>, <C>Path=/</C>; also{" "}
          <C>Secure</C> in production always (in development over HTTPS or on localhost), and over HTTPS named with the{" "}
          <C>__Host-</C> prefix.
        </p>
        <p>
          The record does not keep the secret, only its SHA-256 hash. On every request the server finds the record by
          id, hashes the secret from the cookie and compares the two hashes in constant time, so response times reveal
          nothing about how close a guess came. Someone who copies the store, or a backup of it, gets hashes they cannot
          turn back into cookies.
        </p>
      </Section>

      <Section id="wire" title="What is on the wire">
        <Wire label="Every request to this site">{`GET /api/server-session/notes HTTP/1.1
Cookie: session-lab.sid=3q2-7wEjR1mT9xYkLb0aZg.hV4nQ8…(43 characters)`}</Wire>
        <p>
          A 22-character id, a dot and a 43-character secret: about 66 bytes, the smallest credential in the lab. It
          stays that size however much the session holds, because the session is not in it. Nor is anything else: no
          user id, no role, no expiry. Whoever holds the cookie can use it, but nobody can read anything from it.
        </p>
      </Section>

      <Section id="state" title="Where the state lives">
        <p>
          Everything is on the server, so every request costs a store lookup before any work starts. With one instance
          that is a row in the SQLite file. Several instances must all reach the same sessions, so they need a shared
          store: here that is Redis, used as soon as <C>REDIS_URL</C> is set. If the store cannot be reached, requests
          are refused with <C>503</C>; nobody is let in on a guess.
        </p>
        <p>
          Every approach in the lab keeps some state on the server once it must revoke anything. The sealed cookie and
          next-auth keep only a list of what was revoked and a session version per user, and the JWT column a refresh-token family per sign-in; this
          one keeps the sessions themselves, and in exchange can answer questions the others cannot.
        </p>
        <Correction claim="“JWTs are ideal for distributed systems; cookies are harder to manage there.”">
          It depends on where the state lives, not on whether a cookie carries it. This design does need a store that
          every instance shares. An{" "}
          <Link href="/cookie#scaling" className={link}>
            encrypted cookie
          </Link>{" "}
          needs only a shared secret, and a{" "}
          <Link href="/jwt#scaling" className={link}>
            JWT signed with a private key
          </Link>{" "}
          is the one credential another service can check with no secret at all.
        </Correction>
      </Section>

      <Section id="revocation" title="Revocation">
        <p>
          Signing out deletes the record. Every copy of the cookie, in this browser or anywhere else, now points at
          nothing, from the very next request: there is no expiry to wait out and no list of revoked ids to keep.
          &ldquo;Sign out everywhere&rdquo; refuses every session the user started before it.
        </p>
        <p>
          Because the server knows every session it issued, it can also show them. The column lists yours, one per
          sign-in, with the browser, when it began and when it was last used, and lets you end any one of them: the
          phone you left signed in, say. Only a record per sign-in on the server can do that; a sealed cookie or a
          next-auth cookie leaves none to list. (The JWT column&apos;s refresh-token families are such records, and could
          be listed the same way; the lab does not.)
        </p>
        <Correction claim="“Cookies can be invalidated easily by clearing them on the server.”">
          True of this design only, and not because of the cookie: what the server clears is its own record. An{" "}
          <Link href="/cookie#costs" className={link}>
            encrypted cookie
          </Link>{" "}
          or a JWT carries its session with it, so a copied one keeps working until it expires unless every request
          checks a revocation list. The lab in the column shows the difference: here a revoked copy is refused with the
          store and without it, because without the store there is nothing to check.
        </Correction>
      </Section>

      <Section id="expiry" title="Timeouts">
        <p>
          A session ends after {describeDurationRange((idleMs - touchMs) / 1000, idleMs / 1000)} without a
          request (the idle timeout), and {describeDuration(absoluteMs / 1000)} after sign-in however busy it is (the
          absolute timeout). Activity moves the idle deadline forward, but at most once every {touchInterval}, so a busy
          session is not a store write per request; hence the slack of {touchInterval}. The cookie&apos;s own
          lifetime is the absolute one; the record decides, and an expired record is simply gone.
        </p>
      </Section>

      <Section id="fixation" title="Session fixation">
        <p>
          If an attacker can plant a session id in your browser before you sign in, and signing in upgrades that session,
          the attacker&apos;s copy is signed in too. Here signing in always creates a new id and never reuses one that came
          with the request. A change of privilege rotates the secret too: when the user&apos;s role has changed, the next
          API request with the current secret gets a new one in a new cookie, and other copies of the old cookie stop
          working {describeDuration(PREVIOUS_SECRET_GRACE_MS / 1000)} later (requests already on their way still count). That ends a copy captured before a
          promotion only if the user&apos;s own browser asks first. If the copy asks first, the copy keeps the session,
          promoted, and it is the user who finds themselves signed out: nothing can tell two copies of one cookie apart.
          Only ending the session at the change, and a new sign-in, would guarantee it. The session keeps its id, and
          requests racing to rotate it produce one new secret between them, so signing out still ends every copy.
        </p>
        <p>
          Signing in also ends the session the request carried, whoever&apos;s it was, as signing out would (OWASP&apos;s
          advice: invalidate the previous session at sign-in). The browser&apos;s cookie is replaced either way, but a
          copy of the old one taken earlier would otherwise stay signed in, and listed among that user&apos;s sessions,
          until it expired. Only a sign-in that succeeds ends it: a wrong password changes nothing. Every column does the
          same with its own credential.
        </p>
      </Section>

      <Section id="csrf-xss" title="XSS and CSRF">
        <p>
          The cookie is HttpOnly, so script on the page cannot read it and an injected script cannot carry the session
          off to use elsewhere. Like any cookie, though, the browser attaches it by itself, so the defences against
          cross-site request forgery are the same as the encrypted cookie&apos;s: <C>SameSite=Lax</C> keeps it off
          cross-site POSTs, and a state-changing request whose <C>Origin</C> or <C>Sec-Fetch-Site</C> shows it came
          from another origin gets <C>403</C>.
        </p>
      </Section>

      <Section id="errors" title="401 and 403">
        <p>
          No cookie, or an id the store does not know (never issued, signed out, expired, revoked), gets <C>401</C>: you
          are not signed in. Signed in as bob and calling the admin API gets <C>403</C>: we know who you are, and the
          answer is no.
        </p>
      </Section>

      <Section id="article" title="The article's second example">
        <p>
          The cookie sample in the article this lab answers is this design: <C>express-session</C> keeps the session in
          a store and puts only its id in a cookie. Given no store, express-session keeps sessions in memory, which its
          own documentation says is not meant for production: they vanish on restart and are not shared between
          instances. The sample also sets <C>secure: false</C>, which lets the cookie travel over plain HTTP. With a
          real store and the cookie settings above, it is the baseline here: the stateless approaches could skip the
          lookup on every request, and would pay for it when a session has to end early; this lab keeps a revocation
          lookup for each of them, so that logout means logout.
        </p>
      </Section>

      <ProtectedPageSection accountPage={ACCOUNT_PAGE} />
    </Explainer>
  );
}
