import type { Metadata } from "next";
import Link from "next/link";
import { C, Correction, Explainer, Section, Wire } from "../components/explainer";
import { ProtectedPageSection, signInNotice, type SearchParams } from "../components/protected-page";
import { link } from "../components/ui";

export const metadata: Metadata = {
  title: "Encrypted cookie",
  description: "How an encrypted, HttpOnly session cookie keeps a user signed in, and what it costs.",
};

const ACCOUNT_PAGE = "/cookie/account";

interface CookiePageProps {
  searchParams: Promise<SearchParams>;
}

export default async function CookiePage({ searchParams }: CookiePageProps) {
  const { next, notice } = signInNotice(await searchParams, ACCOUNT_PAGE);

  return (
    <Explainer
      approach="cookie"
      next={next}
      notice={notice}
      lead="The server encrypts the session (who you are, until when) into a cookie value only it can open, and the browser hands it back with every request to this site. The page's own code never touches it."
    >
      <Section id="how" title="How it works">
        <p>
          Signing in is a <C>POST /api/cookie/login</C> with a username and password. The answer is the user and
          a <C>Set-Cookie</C> header holding a seal made by iron-session: the session data encrypted with AES-256-CBC and
          authenticated with HMAC-SHA-256, using a secret of at least 32 characters that never leaves the server. The
          cookie is HttpOnly, <C>SameSite=Lax</C> and <C>Path=/</C>; it is also <C>Secure</C> in production always (in
          development over HTTPS or on localhost), and over HTTPS named with the <C>__Host-</C> prefix, so no subdomain
          can plant one of its own.
        </p>
        <p>
          From then on the browser attaches the cookie to every request to this site, API calls and page loads alike. The
          page cannot even tell whether it is signed in by looking, so on load the column simply asks{" "}
          <C>GET /api/cookie/me</C> and believes the answer.
        </p>
      </Section>

      <Section id="wire" title="What is on the wire">
        <Wire label="Every request to this site">{`GET /api/cookie/notes HTTP/1.1
Cookie: session-lab=Fe26.2*1*1d9c…*8Gq3…*…~2`}</Wire>
        <p>
          Inside the seal are four fields: a random session id, the user id, the user&apos;s session version, and an
          expiry. Unlike a JWT, the holder cannot read them, and changing a single byte makes the seal fail to open. The{" "}
          <C>1</C> after <C>Fe26.2</C> is the id of the password that sealed it, so that after a rotation the server
          knows which password opens an older seal.
        </p>
      </Section>

      <Section id="state" title="Where the state lives">
        <p>
          The session itself lives in the cookie, so any server with the secret can open it without a session store. The
          server keeps two small things, both checked on every request: the ids of sessions that were signed out before
          they expired, and each user&apos;s session version, which &ldquo;sign out everywhere&rdquo; moves on so that
          every seal made before is refused. With Redis configured, every instance of the app shares them.
        </p>
      </Section>

      <Section id="costs" title="What it costs">
        <p>
          <strong className="font-semibold text-slate-900 dark:text-white">Size.</strong> The seal goes with every request to the site,
          not just API calls: pages, images, scripts. Browsers also cap a cookie at about 4 KB, name and value together,
          and encryption makes the data larger than it was.
        </p>
        <Correction claim="“For lots of session data, cookies might be more suitable.”">
          A cookie is the worst place for lots of data: about 4 KB at most, and paid for on every request. Keep the cookie
          to an id and a few fields; put anything large on the server.
        </Correction>
        <p>
          <strong className="font-semibold text-slate-900 dark:text-white">Revocation.</strong> Signing out tells the browser to drop the
          cookie, but that only removes this browser&apos;s copy. A copy taken earlier would still open, and would keep
          working until it expired, if the server trusted any seal it could decrypt. Here sign-out records the
          session&apos;s id as revoked and every request checks that list, so the copy stops working at once.
        </p>
        <Correction claim="“Cookies can be invalidated easily by clearing them on the server.”">
          The server cannot clear a cookie it no longer sees; it can only ask this browser to forget it. Stopping a copy
          takes a server-side check, exactly as it does for a JWT.
        </Correction>
      </Section>

      <Section id="csrf-xss" title="XSS and CSRF">
        <p>
          Because the cookie is HttpOnly, script on the page cannot read it, so an injected script cannot carry the
          session away to use elsewhere (it can still act from inside the open page, which is why keeping script out
          matters for every approach).
        </p>
        <p>
          The price is that the browser attaches the cookie by itself, including to requests that another site causes
          it to send. That is cross-site request forgery, and it is the real issue behind the vague warning that cookies
          &ldquo;cause CORS trouble&rdquo;. Two defences work together here: <C>SameSite=Lax</C> keeps the cookie off
          cross-site POSTs and background requests, and a state-changing request (signing in or out, adding or
          deleting a note) whose <C>Origin</C> or <C>Sec-Fetch-Site</C> shows it came from another origin gets{" "}
          <C>403</C>. Browsers send those headers; a client with neither is no browser, and carries no victim&apos;s
          cookies.
          Reading requests never change anything, so they need no such check.
        </p>
      </Section>

      <Section id="errors" title="401 and 403">
        <p>
          No cookie, or one that is tampered with, expired or revoked, gets <C>401</C>: you are not signed in. Signed in
          as bob and calling the admin API gets <C>403</C>: we know who you are, and the answer is no.
        </p>
      </Section>

      <Section id="scaling" title="Scaling out">
        <p>
          Every instance that holds the sealing secret can open the cookie, so adding servers needs no shared session
          store, only the shared secret (and the small revocation list). The catch is that the same secret both opens and
          makes seals: a service that can check our cookies can also forge them. A service you do not fully trust is better
          served by a{" "}
          <Link href="/jwt#scaling" className={link}>
            JWT and our public key
          </Link>
          .
        </p>
      </Section>

      <ProtectedPageSection accountPage={ACCOUNT_PAGE} />
    </Explainer>
  );
}
