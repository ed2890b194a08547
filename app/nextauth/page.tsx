import type { Metadata } from "next";
import Link from "next/link";
import { SESSION_UPDATE_AGE_SECONDS, sessionMaxAgeSeconds } from "@/lib/auth/nextauth/config";
import { describeDuration } from "@/lib/duration";
import { C, Correction, Explainer, Section, Wire } from "../components/explainer";
import { ProtectedPageSection, signInNotice, type SearchParams } from "../components/protected-page";
import { link } from "../components/ui";

export const metadata: Metadata = {
  title: "next-auth",
  description: "How next-auth keeps a user signed in with an encrypted JWT in an HttpOnly cookie, and what to watch for.",
};

const ACCOUNT_PAGE = "/nextauth/account";

interface NextAuthPageProps {
  searchParams: Promise<SearchParams>;
}

export default async function NextAuthPage({ searchParams }: NextAuthPageProps) {
  const { next, notice } = signInNotice(await searchParams, ACCOUNT_PAGE);
  const lifetime = describeDuration(sessionMaxAgeSeconds());

  return (
    <Explainer
      approach="nextauth"
      next={next}
      notice={notice}
      lead="next-auth writes who you are into a JWT, encrypts it with a key only the server holds, and stores it in an HttpOnly cookie. The browser carries it back with every request to this site; the page's own code never sees it."
    >
      <Section id="how" title="How it works">
        <p>
          Signing in goes through next-auth&apos;s own endpoints. The column first fetches a CSRF token
          from <C>GET /api/auth/csrf</C>, then posts the username, the password and that token
          to <C>POST /api/auth/callback/credentials</C>. next-auth&apos;s Credentials provider checks the password
          against the same users as the other columns, and a callback in this app decides what goes into the token: your
          user id, username and role, and a new random session id.
        </p>
        <p>
          The answer sets <C>next-auth.session-token</C>: HttpOnly, <C>SameSite=Lax</C>, <C>Path=/</C>. When{" "}
          <C>NEXTAUTH_URL</C> is an https address, it is also <C>Secure</C> and named{" "}
          <C>__Secure-next-auth.session-token</C> (next-auth decides by that setting, not by the request). From then
          on it behaves like any other cookie: the browser attaches it to every request to this site, and this app&apos;s API
          under <C>/api/nextauth/</C> reads it as next-auth itself does: every chunk, joined in next-auth&apos;s
          order (a cookie whose name comes twice is refused), next-auth&apos;s own <C>decode</C>, but only under the
          header next-auth writes (<C>dir</C>, <C>A256GCM</C>): its{" "}
          <C>decode</C> follows whatever algorithm a cookie names, including a password-based one that makes every
          request run PBKDF2 for as many as 10,000 iterations.
        </p>
      </Section>

      <Section id="wire" title="What is on the wire">
        <Wire label="Every request to this site">{`GET /api/nextauth/notes HTTP/1.1
Cookie: next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..dR0u…`}</Wire>
        <Wire label="What the server finds inside, once decrypted">{`{ "alg": "dir", "enc": "A256GCM" }
{ "sub": "1", "uid": 1, "username": "alice", "role": "admin", "sid": "f008…", "sv": 0,
  "iat": 1767225600, "exp": 1767254400, "jti": "e1c7…" }`}</Wire>
        <p>
          It looks like a JWT, and it is one, but encrypted: a JWE, five dot-separated parts instead of three. The header
          is the only readable part. <C>alg: &quot;dir&quot;</C> means the key encrypts the content directly (the second
          part, which would carry a wrapped key, is empty), and <C>enc: &quot;A256GCM&quot;</C> means AES-256 in GCM
          mode, which hides the claims and also detects any change to them. next-auth derives that key from{" "}
          <C>NEXTAUTH_SECRET</C> with HKDF, so it never leaves the server.
        </p>
        <p>
          The claims are this app&apos;s <C>uid</C>, <C>username</C>, <C>role</C>, session id <C>sid</C> and the
          user&apos;s session version <C>sv</C>, plus the standard <C>iat</C>, <C>exp</C> and <C>jti</C> that next-auth
          adds. Script on the page cannot read the cookie at
          all, because it is HttpOnly; and whoever does get hold of it sees only ciphertext. Compare the JWT bearer
          column, whose token anyone holding it can decode.
        </p>
      </Section>

      <Section id="expiry" title="How the session stays alive">
        <p>
          A token is good for {lifetime} from when it was issued (next-auth&apos;s session <C>maxAge</C>, set here
          by <C>NEXTAUTH_SESSION_TTL_SECONDS</C>). Each time the browser calls <C>GET /api/auth/session</C>, next-auth
          decrypts the cookie, runs the callbacks, and answers with a new cookie: a fresh token with a new <C>iat</C>,{" "}
          <C>exp</C> and <C>jti</C>, expiring {lifetime} from now. So a session ends {lifetime} after the last such
          call, not {lifetime} after sign-in.
        </p>
        <p>
          The configuration also sets <C>updateAge</C> to {describeDuration(SESSION_UPDATE_AGE_SECONDS)}, meant to limit how often that happens, but
          next-auth 4 only applies it to sessions kept in a database. With the JWT strategy, every call re-issues the
          cookie. The session id <C>sid</C> names the session across re-issues, while <C>jti</C> changes with each
          one, which is why revocation is keyed on <C>sid</C>.
        </p>
      </Section>

      <Section id="app-router" title="The App Router trap">
        <p>
          Server code usually reads the session with <C>getServerSession(authOptions)</C>. In a server component or route
          handler that call can read the cookie but never write one: next-auth hands its internals cookie setters that
          do nothing there, so the refreshed token it builds is thrown away, and nothing says so: the session it returns
          leaves out <C>expires</C> altogether. An app that only renders pages and calls its own API would
          sign every user out {lifetime} after sign-in, however busy they were.
        </p>
        <p>
          The expiry moves only when the browser itself calls <C>/api/auth/session</C>. This app&apos;s column does that
          each time it loads (it is the first row of its request log), and the lifetime is set explicitly and kept short,
          so a session nobody rolls forward ends on time instead of lingering.
        </p>
        <p>
          Since that work is thrown away, this app&apos;s guard does not call <C>getServerSession</C> at all. It decodes
          the cookie with next-auth&apos;s own <C>decode</C> (a cookie that decrypted before is remembered by its exact
          value until it expires) and makes the <C>jwt</C> callback&apos;s checks itself: revocation, and the user as the
          store has them now. Same answer, without encrypting a new token nobody will receive on every call
          (<C>npm run bench</C> shows the difference).
        </p>
      </Section>

      <Section id="compare" title="Compared with the encrypted cookie">
        <p>
          Both approaches keep the session in a cookie that is encrypted with a server secret, so neither needs a
          session store, and every instance of the app needs the same secret. The difference is who owns the cookie.
          With iron-session the app writes and reads the cookie itself, chooses its name, and decides exactly what goes
          into the seal, in iron&apos;s <C>Fe26.2</C> format. next-auth owns the format (a JWE), the cookie names, and when
          the cookie is written; the app shapes the contents only through next-auth&apos;s callbacks.
        </p>
        <p>
          They also differ when a session grows. iron-session&apos;s <C>session.save()</C> refuses to write a cookie
          longer than 4096 bytes, counting its name and attributes, and throws an error (its <C>sealData</C>, which this app&apos;s sign-in uses, leaves
          the length to you). next-auth splits a value past about 4 KB into chunks, <C>next-auth.session-token.0</C>,{" "}
          <C>next-auth.session-token.1</C> and so on, which avoids the error but multiplies what rides on every request,
          pages and images included. The claims here are kept to a few short fields: a cookie value of about 330 bytes.
        </p>
      </Section>

      <Section id="revocation" title="Signing out, and a copied cookie">
        <p>
          Signing out is a <C>POST /api/auth/signout</C> with a CSRF token. next-auth answers by clearing the cookie, which
          removes this browser&apos;s copy and nothing more: a copy taken earlier is still a valid token until
          its <C>exp</C>, and each read of <C>/api/auth/session</C> trades it for a fresh one, so a copy kept in use never
          runs out. So this app also records the session id as revoked when you sign out, and checks that list in
          two places: in next-auth&apos;s <C>jwt</C> callback, which runs on every read through{" "}
          <C>/api/auth/session</C>, and in this app&apos;s own guard, which <C>/api/nextauth/</C>, the account page and the
          proxy all use (next-auth&apos;s <C>getToken</C> helper would only decrypt the token: it runs no callbacks). A
          copied cookie stops working the moment you sign out.
        </p>
        <p>
          The same check compares the token&apos;s <C>sv</C> with the user&apos;s current session version, so signing
          out everywhere (which moves that number on) ends every session the user has, on every device, at once. That
          list and one number per user are all the server keeps for this approach, each revoked id only until its token
          would have expired anyway; with Redis configured, every instance shares them. The callback also reads your
          role from the user store on each request, so a change of role applies at once rather than when the token runs
          out.
        </p>
      </Section>

      <Section id="csrf-xss" title="CSRF and XSS">
        <p>
          As with the encrypted cookie, HttpOnly keeps the token away from script, so an injected script cannot carry the
          session off to use elsewhere (it can still act from inside the open page). And as with any cookie, the browser
          attaches it to requests that another site causes it to send, so forged requests are the risk to defend
          against.
        </p>
        <p>
          next-auth defends its own sign-in and sign-out with a double-submit token. <C>GET /api/auth/csrf</C> sets an
          HttpOnly <C>next-auth.csrf-token</C> cookie (the token and a hash of it made with the secret) and returns the
          token; the POST must carry that same token in its body. Another site can make the browser send the cookie, but
          cannot read the token to put in the body. next-auth does not protect anything beyond its own routes, so this
          app&apos;s notes endpoints under <C>/api/nextauth/</C> make the same check as the encrypted cookie&apos;s: a
          state-changing request whose <C>Origin</C> or <C>Sec-Fetch-Site</C> shows it came from another origin gets{" "}
          <C>403</C>. The app makes that check on next-auth&apos;s sign-in and sign-out too, as on every other login and
          logout here. <C>SameSite=Lax</C> keeps the cookie off cross-site POSTs in the first place.
        </p>
      </Section>

      <Section id="errors" title="401 and 403">
        <p>
          No cookie gets <C>401</C>, and so does one that is tampered with, expired or revoked. next-auth&apos;s own{" "}
          <C>/api/auth/session</C> answers every one of those with an empty session; this app&apos;s guard decodes the
          cookie itself, so its <C>401</C> says which it was. Signed in as bob and calling the admin API gets{" "}
          <C>403</C>: we know who you are, and the answer is no.
        </p>
      </Section>

      <Section id="hybrid" title="A hybrid, and what it gives up">
        <Correction claim="“A hybrid, a JWT for authentication and cookies for small session data, can be the best of both.”">
          next-auth is one such hybrid: a token&apos;s format with a cookie&apos;s transport. It keeps the
          cookie&apos;s strengths (script cannot read it, pages can be protected on the server) and takes on the
          cookie&apos;s duties (CSRF defences, a 4 KB budget). It does not keep the JWT&apos;s best feature for
          distributed systems: the token is encrypted with a shared secret, so a service that can check it can also mint
          one. The{" "}
          <Link href="/jwt" className={link}>
            JWT bearer
          </Link>{" "}
          column is the other common hybrid: a short-lived token in memory, with an HttpOnly cookie only to refresh it.
        </Correction>
      </Section>

      <ProtectedPageSection accountPage={ACCOUNT_PAGE} />
    </Explainer>
  );
}
