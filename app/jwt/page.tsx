import type { Metadata } from "next";
import Link from "next/link";
import { jwtSettings } from "@/lib/auth/jwt/config";
import { describeDuration } from "@/lib/duration";
import { C, Correction, Explainer, Section, Wire } from "../components/explainer";
import { link } from "../components/ui";

export const metadata: Metadata = {
  title: "JWT bearer",
  description: "How a signed access token in the Authorization header keeps a user signed in, and what it costs.",
};

export default function JwtPage() {
  const graceSeconds = jwtSettings().refreshReuseGraceMs / 1000;
  return (
    <Explainer
      approach="jwt"
      lead="The server signs a short statement about you (who you are, your role, when it stops being true) and the page shows it on every API call, in the Authorization header. Anyone holding the public key can check the signature without asking a database."
    >
      <Section id="how" title="How it works">
        <p>
          Signing in is a <C>POST /api/jwt/login</C> with a username and password. The answer carries two credentials. The
          access token is a JWT signed with an Ed25519 key, typed <C>at+jwt</C>, valid for a few minutes (five by default). The refresh token is
          a long random value that arrives in a <C>Set-Cookie</C> header: HttpOnly, <C>SameSite=Strict</C>, and scoped
          to <C>Path=/api/jwt</C>, so the browser offers it to the JWT API under that path and nowhere else, never to a page.
        </p>
        <p>
          The page keeps the access token in a variable and adds <C>Authorization: Bearer …</C> to each call. When the
          token has expired, the API answers <C>401</C> with <C>WWW-Authenticate: Bearer error=&quot;invalid_token&quot;</C>;
          the page then calls <C>POST /api/jwt/refresh</C> once and repeats the request. Every refresh rotates the refresh
          token.{" "}
          {graceSeconds > 0 ? (
            <>
              A used one still gets one more successor within {describeDuration(graceSeconds)}, for a second tab
              refreshing at the same moment. Presented again after that, or a third time, it is
            </>
          ) : (
            <>A used one presented again is</>
          )}{" "}
          taken as a sign of theft: the whole family of refresh
          tokens descended from that sign-in is revoked, so neither the thief nor the victim can refresh again. Each
          access token names its family in an <C>fid</C> claim, and the family&apos;s id goes on the deny list, so the
          access tokens already minted from it stop working too. Logout does the same, given either token: another
          tab&apos;s token from the same sign-in is refused from then on, not only the one presented, and the refresh
          family is revoked.
        </p>
        <p>
          A reload wipes the variable. That is deliberate: the first thing the column does on load is trade the refresh
          cookie for a fresh access token, which is the first row you see in its request log.
        </p>
      </Section>

      <Section id="wire" title="What is on the wire">
        <Wire label="Every API call">{`GET /api/jwt/notes HTTP/1.1
Authorization: Bearer eyJhbGciOiJFZERTQSIsInR5cCI6ImF0K2p3dCIs…`}</Wire>
        <Wire label="The token, decoded: header and payload">{`{ "alg": "EdDSA", "typ": "at+jwt", "kid": "…" }
{ "role": "admin", "sv": 0, "fid": "9b2e…", "iss": "urn:session-lab", "aud": "urn:session-lab:api",
  "sub": "1", "jti": "5f0c…", "iat": 1767225600, "exp": 1767225900 }`}</Wire>
        <p>
          The token is signed, not encrypted. Its middle part is plain base64url: whoever holds it can read every claim.
          The signature only proves nobody changed them, so a JWT is no place for anything you would not show the user.
        </p>
      </Section>

      <Section id="state" title="Where the state lives">
        <p>
          Checking an access token&apos;s signature needs no lookup of who is signed in: the signature, issuer, audience,
          expiry and type are all in the token and the public key. That is the sense in which JWTs are stateless. It stops
          there. Every request here also reads the store (has this sign-in been revoked?) and the user&apos;s row (what
          is their role now?), so that a sign-out or a demotion applies at once, not when the token expires. The lab
          keeps three small things on the server: refresh tokens (stored only as hashes, so a database leak does not leak
          sessions), a deny list of sign-ins (the refresh family&apos;s id, which each access token carries as <C>fid</C>) signed out before their tokens expired, and each user&apos;s
          session version, which a token carries as <C>sv</C> and &ldquo;sign out everywhere&rdquo; moves on. Any real
          revocation or refresh rotation needs some server state; the question is only how little.
        </p>
      </Section>

      <Section id="costs" title="What it costs">
        <p>
          <strong className="font-semibold text-slate-900 dark:text-white">Size.</strong> The whole token rides on every API request: a few
          hundred bytes here (the column shows the exact count once you are signed in), and more with each claim you add.
          On a chatty API that is the price of not looking anything up.
        </p>
        <p>
          <strong className="font-semibold text-slate-900 dark:text-white">Revocation.</strong> A signed token stays valid until its{" "}
          <C>exp</C> by construction. Here, signing out puts the token&apos;s sign-in, its <C>fid</C>, on the deny list, which every
          request checks, and revokes the refresh chain, so a copy taken before sign-out, or another tab&apos;s token,
          stops working at once. Without
          that check, a copied token would keep working until it expired, which is why its lifetime is minutes, not hours.
        </p>
        <Correction claim="“JWTs are hard to revoke, while cookies can be invalidated by clearing them.”">
          Clearing a cookie only removes the browser&apos;s copy. A copied JWT and a copied sealed cookie are in the same
          position: each keeps working until it expires unless the server checks a revocation list, as the JWT, sealed
          cookie and next-auth columns here do (the server session deletes its record instead).
        </Correction>
      </Section>

      <Section id="csrf-xss" title="CSRF and XSS">
        <p>
          A browser never attaches a bearer token by itself (what it may add on its own is a Basic or Digest password it remembers). Another site can make your browser send a request
          to this API, but not with your token attached, so the API calls are not exposed to cross-site request forgery.
        </p>
        <p>
          The other side of the coin: a token that script can read, an injected script can read too. That is why the
          access token lives in memory only, never in <C>localStorage</C> or <C>sessionStorage</C> where any script on
          the page could collect it at leisure, why it expires in minutes, and why the long-lived refresh token sits in an
          HttpOnly cookie that script cannot see at all. Because that cookie is sent automatically, it gets the
          cookie&apos;s defences: <C>SameSite=Strict</C>, and the refresh and login endpoints refuse requests whose{" "}
          <C>Origin</C> is another site. None of this stops an XSS from making calls while the page is open; a Content
          Security Policy and careful output encoding are what keep script out in the first place.
        </p>
      </Section>

      <Section id="errors" title="401, 403 and 400">
        <p>
          No token gets <C>401</C> with <C>WWW-Authenticate: Bearer realm=&quot;session-lab&quot;</C>. An expired,
          forged or revoked token gets <C>401</C> with <C>error=&quot;invalid_token&quot;</C>. A good token that is not
          enough (bob calling the admin API) gets <C>403</C> with <C>error=&quot;insufficient_scope&quot;</C>, and a
          garbled header gets <C>400</C>. The difference matters to a client: after a 401 it can refresh and retry; after a
          403 retrying will never help.
        </p>
        <Correction claim="“Answer 403 when the token is invalid.”">
          RFC 6750 says 401 with <C>error=&quot;invalid_token&quot;</C>. 403 means the token is valid but lacks the
          scope for this request.
        </Correction>
      </Section>

      <Section id="scaling" title="Scaling out">
        <p>
          Tokens are signed with a private key only this app holds. The public half is published at{" "}
          <a href="/.well-known/jwks.json" className={link}>
            /.well-known/jwks.json
          </a>
          , each key named by its <C>kid</C>. Any other service, in any language, can verify our tokens with it, without a
          shared secret and without calling us for each token (it fetches the key set, keeps it a while, and fetches it again for a <C>kid</C> it does not know). That is the genuine advantage of JWTs in a distributed system. A sealed
          cookie can be opened by every server that holds the sealing secret, but that same secret also mints new
          cookies, so it cannot be handed to a service you only half trust.
        </p>
      </Section>

      <Section id="pages" title="Why a bearer token cannot protect a page">
        <p>
          A page navigation (a link, a typed address, a reload) is a request the browser makes on its own. It attaches
          the site&apos;s cookies to it and nothing else: page script never gets to add an <C>Authorization</C> header
          (short of a service worker that intercepts every request). So a
          server rendering a page cannot see the bearer token, and cannot decide on the server whether to show your notes.
        </p>
        <p>
          An app built on bearer tokens therefore serves the same page to everyone and fetches private data from the API
          after the page has loaded, as this column does. Moving the token into a cookie so that pages can see it fixes
          that, but then it is a cookie, with a cookie&apos;s CSRF duties. That is what{" "}
          <Link href="/nextauth" className={link}>
            next-auth
          </Link>{" "}
          does, and why only the cookie-based approaches have a protected page: the{" "}
          <Link href="/cookie/account" className={link}>
            encrypted cookie&apos;s
          </Link>
          ,{" "}
          <Link href="/nextauth/account" className={link}>
            next-auth&apos;s
          </Link>{" "}
          and the{" "}
          <Link href="/server-session/account" className={link}>
            server session&apos;s
          </Link>
          .
        </p>
      </Section>
    </Explainer>
  );
}
