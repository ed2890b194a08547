import type { ApproachCost, BenchSummary } from "@/lib/bench";
import { describeDuration } from "@/lib/duration";
import type { ApproachId } from "./approaches";

/** A page, lab row or measurement that shows a cell's statement working. */
export interface Evidence {
  href: string;
  label: string;
}

export interface TradeOffCell {
  text: string;
  /** At least one: a cell nobody can check is an opinion. */
  evidence: readonly [Evidence, ...Evidence[]];
}

export type Verdict = "wrong" | "mixed" | "right" | "silent";

export interface TradeOff {
  /** The row's anchor on /compare. */
  id: string;
  topic: string;
  /** What the article says, in our words. */
  claim: string;
  verdict: Verdict;
  /** The verdict in a few words, e.g. "The article was wrong". */
  verdictLabel: string;
  /** What is true, plainly. */
  truth: string;
  cells: Record<ApproachId, TradeOffCell>;
}

const lab = (attack: string, label: string): Evidence => ({ href: `/lab#attack-${attack}`, label: `Attack lab: ${label}` });
const revocationLab = (approach: ApproachId): Evidence => ({ href: `/#column-${approach}`, label: "Revoke a copy and replay it (home page column)" });
const page = (approach: ApproachId, section: string, label: string): Evidence => ({ href: `/${approach}#${section}`, label });
const pattern = (approach: ApproachId, id: string, label: string): Evidence => ({ href: `/${approach}#pattern-${id}`, label: `The code: ${label}` });
const SIZE_LAB: Evidence = { href: "/lab/size", label: "Size lab: bytes as the session grows" };

/** "1488 req/s, 0.96× a route with no auth", or a plain label when the bench has not run. */
function measured(cost: ApproachCost | undefined): Evidence {
  if (!cost?.requestsPerSecond) return { href: "/compare#cost", label: "Measured cost per request" };
  const ratio = cost.ratio === null ? "" : `, ${cost.ratio}× a route with no auth`;
  return { href: "/compare#cost", label: `Measured: ${cost.requestsPerSecond} req/s${ratio}` };
}

/** The session lifetimes this server runs with (they are settings), in seconds. */
export interface SessionLifetimes {
  cookie: number;
  nextauth: number;
  serverSessionIdle: number;
  serverSessionAbsolute: number;
}

/**
 * The trade-offs the seed article lists (SEED-CLAIMS.md), one row each, with what each
 * approach here really does and where to see it happen.
 */
export function tradeOffs(bench: BenchSummary | null, lifetimes: SessionLifetimes): readonly TradeOff[] {
  const cost = (approach: ApproachId) => measured(bench?.approaches[approach]);
  const lasts = (kind: keyof SessionLifetimes) => describeDuration(lifetimes[kind]);
  return [
    {
      id: "security",
      topic: "Security",
      claim: "JWTs can be the more secure option when implemented properly, at the price of more complexity.",
      verdict: "mixed",
      verdictLabel: "Misleading",
      truth:
        "Every approach here can be made secure; they differ in how they fail. A token fails through verification mistakes, and through theft wherever script can read it; a cookie through forged cross-site requests. And any credential that carries its own session outlives a logout unless the server checks for revocation. The attack lab runs each of those attacks against this app.",
      cells: {
        jwt: {
          text: "Its failures are verification mistakes: alg none, a public key used as an HMAC secret, a key taken from the token's own header, a claim nobody checked. All are refused here.",
          evidence: [lab("alg-none", "alg: none"), lab("key-confusion", "key confusion"), lab("claims", "claim checks"), pattern("jwt", "verify", "the verification")],
        },
        cookie: {
          text: "Nobody can read or change the seal without the server's secret: a tampered or foreign seal is simply not signed in. Its weak spot is CSRF.",
          evidence: [lab("tampered", "tampered seal"), lab("foreign", "seal made with another secret"), pattern("cookie", "cookie-options", "cookie options")],
        },
        nextauth: {
          text: "The library owns the format, an encrypted JWE. Holes come from around it, such as a custom redirect callback that lets callbackUrl lead off-site (next-auth's default, and this app's own, refuse it), and from its decode, which follows whatever algorithm a cookie's header names unless the app pins its own, as this one does.",
          evidence: [lab("open-redirect", "open redirect"), lab("tampered", "tampered cookie"), pattern("nextauth", "options", "the options"), pattern("nextauth", "decrypt", "the decryption")],
        },
        "server-session": {
          text: "There is nothing to forge: an id the store does not know means nothing. The risks are session fixation and a leaked store, so every sign-in gets a new id and only hashes are stored.",
          evidence: [page("server-session", "fixation", "Session fixation"), lab("foreign", "made-up session id"), pattern("server-session", "verify", "the lookup")],
        },
      },
    },
    {
      id: "cookie-config",
      topic: "Cookie configuration",
      claim: "Cookies are the traditional, easy option, but they need careful configuration to be secure.",
      verdict: "right",
      verdictLabel: "Right: this is the configuration",
      truth:
        "Each attribute closes one hole. HttpOnly keeps the cookie from script, so injected script cannot carry it off; Secure keeps it off plain http, where anyone on the network reads it; SameSite keeps it off the requests other sites start in the background and off their form posts (Lax still sends it when a link from another site is followed; Strict never does); the __Host- prefix stops a sibling subdomain or an http page from planting one; a short lifetime bounds how long a stolen copy works. The article's own sample set secure: false.",
      cells: {
        jwt: {
          text: "Only the refresh token is a cookie, as narrow as one gets: HttpOnly, SameSite=Strict, sent to /api/jwt alone, Secure, __Secure- over https (__Host- would demand Path=/), and spent on each use. The access token is no cookie at all.",
          evidence: [pattern("jwt", "cookie-options", "the refresh cookie"), page("jwt", "csrf-xss", "CSRF and XSS")],
        },
        cookie: {
          text: `HttpOnly, SameSite=Lax, Path=/, Secure, __Host- over https, and ${lasts("cookie")}, the seal's own lifetime.`,
          evidence: [pattern("cookie", "cookie-options", "the cookie options"), page("cookie", "csrf-xss", "XSS and CSRF")],
        },
        nextauth: {
          text: `next-auth's own: HttpOnly, SameSite=Lax, Path=/, and Secure with a __Secure- prefix when NEXTAUTH_URL is https. The lifetime is set here, ${lasts("nextauth")} (next-auth's default is 30 days), and each read of /api/auth/session moves it on.`,
          evidence: [pattern("nextauth", "options", "the options"), page("nextauth", "expiry", "How the session stays alive")],
        },
        "server-session": {
          text: `The same attributes as the sealed cookie. The lifetime that counts is the record's, ${lasts("serverSessionIdle")} idle and ${lasts("serverSessionAbsolute")} at most, enforced on the server whatever the browser keeps.`,
          evidence: [pattern("server-session", "cookie-options", "the cookie options"), page("server-session", "expiry", "Timeouts")],
        },
      },
    },
    {
      id: "scalability",
      topic: "Scalability",
      claim: "JWTs fit stateless, distributed systems; cookies are harder to manage across several servers.",
      verdict: "mixed",
      verdictLabel: "Half right",
      truth:
        "What decides it is where the state lives, not whether a cookie carries the credential. A sealed cookie needs no session store either, only the shared secret; a server-side session needs a store that every instance shares. And once logout has to mean logout, or a limit on password guesses has to hold across instances, every approach needs some shared state.",
      cells: {
        jwt: {
          text: "Any instance checks the signature with the public key alone, no secret shared. Logout and refresh rotation still need a small shared store: revoked sign-ins (the refresh family's id, fid) and refresh families, and this app reads the revocation list and the user's current role on every request.",
          evidence: [page("jwt", "state", "Where the state lives"), cost("jwt")],
        },
        cookie: {
          text: "Any instance holding the seal password opens the cookie; only the short list of revoked sessions and each user's session version are shared.",
          evidence: [page("cookie", "state", "Where the state lives"), cost("cookie")],
        },
        nextauth: {
          text: "The same as the encrypted cookie, with NEXTAUTH_SECRET. A request costs about what the sealed cookie's does: the guard decrypts each JWE once and remembers it. Only next-auth's own /api/auth/session encrypts a fresh cookie on every read.",
          evidence: [page("nextauth", "compare", "Compared with the encrypted cookie"), page("nextauth", "app-router", "Why the guard skips getServerSession"), cost("nextauth")],
        },
        "server-session": {
          text: "Every instance must reach the same store (Redis, when REDIS_URL is set; the default SQLite file serves one instance), and every request starts with a lookup in it.",
          evidence: [page("server-session", "state", "Where the state lives"), cost("server-session")],
        },
      },
    },
    {
      id: "size",
      topic: "Data size",
      claim: "JWTs get large when the payload does; for a lot of session data, cookies may be the better fit.",
      verdict: "mixed",
      verdictLabel: "Right about JWTs, wrong about cookies",
      truth:
        "Any credential that carries its session grows with it and travels with every request. A cookie stops at about 4 KB, and Node refuses request headers past 16 KB with a 431, so a lot of session data belongs on the server, not in a cookie.",
      cells: {
        jwt: {
          text: "A few hundred bytes, more with every claim, on every API call (page loads do not carry it).",
          evidence: [SIZE_LAB, page("jwt", "costs", "What it costs"), lab("oversized", "a 20 KB header gets 431")],
        },
        cookie: {
          text: "Grows with the data, plus the encryption's overhead, and rides on every request to the site. iron-session's session.save() refuses a cookie past 4096 bytes, counting its name and attributes.",
          evidence: [SIZE_LAB, page("cookie", "costs", "What it costs")],
        },
        nextauth: {
          text: "Past about 4 KB next-auth splits the cookie into numbered chunks, and every chunk rides on every request.",
          evidence: [SIZE_LAB, page("nextauth", "compare", "Chunking, compared with iron-session")],
        },
        "server-session": {
          text: "About 66 bytes however much the session holds: the data stays on the server.",
          evidence: [SIZE_LAB, page("server-session", "wire", "What is on the wire")],
        },
      },
    },
    {
      id: "revocation",
      topic: "Revocation",
      claim: "JWTs are hard to revoke, while a cookie is easily invalidated by clearing it on the server.",
      verdict: "wrong",
      verdictLabel: "The article was wrong",
      truth:
        "Clearing a cookie only deletes the browser's copy. A copied sealed cookie is exactly as hard to revoke as a copied JWT: both keep working until they expire unless the server checks a revocation list on every request. Only a server-side session ends at once on its own.",
      cells: {
        jwt: {
          text: "Logout puts the token's sign-in (its fid) on a deny list that every request checks, so a copy, or another tab's token, is refused at once. Without that check the copy would live until it expires (five minutes by default).",
          evidence: [revocationLab("jwt"), lab("replay-after-logout", "replay after logout")],
        },
        cookie: {
          text: "Logout revokes the session id sealed inside. Without that check a copy would keep opening until the seal expires.",
          evidence: [revocationLab("cookie"), lab("replay-after-logout", "replay after logout"), page("cookie", "costs", "Revocation")],
        },
        nextauth: {
          text: "next-auth only clears the cookie. This app also revokes the session id, checked on every read and in the proxy.",
          evidence: [revocationLab("nextauth"), lab("replay-after-logout", "replay after logout"), page("nextauth", "revocation", "Signing out, and a copied cookie")],
        },
        "server-session": {
          text: "Logout deletes the record: every copy points at nothing from the next request on, with no list to keep.",
          evidence: [revocationLab("server-session"), lab("replay-after-logout", "replay after logout"), page("server-session", "revocation", "Revocation")],
        },
      },
    },
    {
      id: "csrf",
      topic: "CSRF",
      claim: "Cookies can cause CORS trouble.",
      verdict: "wrong",
      verdictLabel: "The article was wrong: CORS is not the problem",
      truth:
        "CORS decides what script on another site may read, and whether a request that needs a preflight goes out at all; a simple request (a form post, a text/plain fetch) goes out before any CORS check, with whatever cookies SameSite lets through. The real risk for cookies is cross-site request forgery: the browser attaches them to requests that another site makes it send.",
      cells: {
        jwt: {
          text: "API calls are immune: no browser attaches a bearer token on its own. The refresh cookie is SameSite=Strict, and login and refresh check the Origin.",
          evidence: [page("jwt", "csrf-xss", "CSRF and XSS"), pattern("jwt", "cookie-options", "the refresh cookie")],
        },
        cookie: {
          text: "SameSite=Lax, and a state change whose Origin or Sec-Fetch-Site shows it came from another origin gets 403.",
          evidence: [lab("csrf", "forged cross-site posts"), page("cookie", "csrf-xss", "XSS and CSRF")],
        },
        nextauth: {
          text: "next-auth's double-submit token guards its own sign-in and sign-out; the app's Origin check guards those and everything else.",
          evidence: [lab("csrf", "forged cross-site posts"), page("nextauth", "csrf-xss", "CSRF and XSS")],
        },
        "server-session": {
          text: "The same defences as the encrypted cookie: SameSite=Lax and the Origin check.",
          evidence: [lab("csrf", "forged cross-site posts"), page("server-session", "csrf-xss", "XSS and CSRF")],
        },
      },
    },
    {
      id: "xss",
      topic: "XSS",
      claim: "Nothing about XSS; of the browser's defences it names only CORS.",
      verdict: "silent",
      verdictLabel: "Missing from the article",
      truth:
        "Whatever credential script can read, injected script can read too. HttpOnly cookies are out of its reach. No credential stops injected script from acting inside the open page, which is why every page here also carries a nonce-based Content Security Policy.",
      cells: {
        jwt: {
          text: "The access token is readable by the page's own script, by design: in memory only, never in storage, and short-lived. The long-lived refresh token sits in an HttpOnly cookie.",
          evidence: [lab("xss-read", "script reads the credential"), page("jwt", "csrf-xss", "CSRF and XSS")],
        },
        cookie: {
          text: "HttpOnly: script never sees the seal.",
          evidence: [lab("xss-read", "script reads the credential"), page("cookie", "csrf-xss", "XSS and CSRF")],
        },
        nextauth: {
          text: "HttpOnly, and encrypted besides.",
          evidence: [lab("xss-read", "script reads the credential"), page("nextauth", "csrf-xss", "CSRF and XSS")],
        },
        "server-session": {
          text: "HttpOnly, and only an id.",
          evidence: [lab("xss-read", "script reads the credential"), page("server-session", "csrf-xss", "XSS and CSRF")],
        },
      },
    },
    {
      id: "cross-service",
      topic: "Cross-service use",
      claim: "JWTs are the natural choice when several services must recognise the same user.",
      verdict: "right",
      verdictLabel: "Right, for one reason",
      truth:
        "A JWT signed with a private key is the only credential here that another service can check with no secret at all, from the published public keys. The other three need a secret that also mints credentials, or the session store itself.",
      cells: {
        jwt: {
          text: "A second service verifies tokens against /.well-known/jwks.json alone. It cannot see logouts, so a revoked token works there until it expires.",
          evidence: [{ href: "/compare#second-service", label: "The second service" }, { href: "/.well-known/jwks.json", label: "The public keys (JWKS)" }, pattern("jwt", "remote-verify", "its key set")],
        },
        cookie: {
          text: "Only a service holding the seal password, which can also mint seals.",
          evidence: [page("cookie", "scaling", "Scaling out")],
        },
        nextauth: {
          text: "Only a service holding NEXTAUTH_SECRET, which can also mint tokens.",
          evidence: [page("nextauth", "hybrid", "What the hybrid gives up")],
        },
        "server-session": {
          text: "Only a service that can reach the session store.",
          evidence: [page("server-session", "state", "Where the state lives")],
        },
      },
    },
    {
      id: "hybrid",
      topic: "Hybrids",
      claim: "A hybrid, a JWT for authentication and cookies for small session data, can be the best of both.",
      verdict: "mixed",
      verdictLabel: "Right, and two run here",
      truth:
        "Two hybrids run side by side here. next-auth puts a JWT in an HttpOnly cookie: a token's format with a cookie's protections and a cookie's CSRF duties. The JWT column keeps a short-lived access token in memory and its refresh token in an HttpOnly cookie: API calls that no other site can forge, and a token that script can read, for minutes only. Neither spares the server its state once logout has to mean logout.",
      cells: {
        jwt: {
          text: "A hybrid: the access token in memory, sent as a bearer header; the refresh token in an HttpOnly, SameSite=Strict cookie that only /api/jwt sees.",
          evidence: [page("jwt", "csrf-xss", "CSRF and XSS"), pattern("jwt", "cookie-options", "the refresh cookie")],
        },
        cookie: {
          text: "No hybrid: the seal is no JWT, and only this app, holding the password, can open it.",
          evidence: [page("cookie", "how", "How it works")],
        },
        nextauth: {
          text: "The other hybrid: an encrypted JWT in an HttpOnly cookie. It gives up what a JWT is best at elsewhere: a service that can read it holds the secret, and so can mint one.",
          evidence: [page("nextauth", "hybrid", "A hybrid, and what it gives up")],
        },
        "server-session": {
          text: "No hybrid: the cookie carries an id, and the data stays on the server.",
          evidence: [page("server-session", "wire", "What is on the wire")],
        },
      },
    },
    {
      id: "clients",
      topic: "Mobile and API clients",
      claim: "Either a JWT or cookies can carry the session, each request standing on its own.",
      verdict: "mixed",
      verdictLabel: "True, with a browser-shaped catch",
      truth:
        "Any HTTP client can send an Authorization header. Cookies work outside a browser too, with a cookie jar, but their defences and next-auth's sign-in flow are built around browsers.",
      cells: {
        jwt: {
          text: "Made for them: one header, and the status says what to do next (401: refresh and retry; 403: retrying will not help).",
          evidence: [page("jwt", "errors", "401, 403 and 400"), pattern("jwt", "login", "the login handler")],
        },
        cookie: {
          text: "Any client with a cookie jar. A request with no Origin passes the CSRF check: a non-browser client has no ambient cookies to abuse.",
          evidence: [page("cookie", "csrf-xss", "XSS and CSRF"), pattern("cookie", "login", "the login handler")],
        },
        nextauth: {
          text: "Built for browsers: signing in is a CSRF-token round trip, then a form post to next-auth's callback.",
          evidence: [page("nextauth", "how", "How it works"), pattern("nextauth", "login", "the authorize check")],
        },
        "server-session": {
          text: "Like the encrypted cookie, with the smallest credential to carry.",
          evidence: [page("server-session", "how", "How it works"), pattern("server-session", "login", "the login handler")],
        },
      },
    },
    {
      id: "errors",
      topic: "A bad token's answer",
      claim: "A request with an invalid token gets 403 (in its code sample).",
      verdict: "wrong",
      verdictLabel: "The article was wrong",
      truth:
        "RFC 6750: an expired, forged or revoked token is 401, with WWW-Authenticate: Bearer error=\"invalid_token\" (a missing one is 401 with no error code). 403 means the credential is fine but not enough (insufficient_scope), and retrying will not help.",
      cells: {
        jwt: {
          text: "401 invalid_token for a bad token, 400 for a garbled header, 403 insufficient_scope for a member on the admin API.",
          evidence: [page("jwt", "errors", "401, 403 and 400"), lab("altered-payload", "altered payload")],
        },
        cookie: {
          text: "401 for a missing, tampered, expired or revoked cookie; 403 only for the wrong role or a cross-site request.",
          evidence: [page("cookie", "errors", "401 and 403"), lab("tampered", "tampered seal")],
        },
        nextauth: {
          text: "401 for a missing or bad cookie, saying whether it was invalid, expired or revoked (next-auth's own /api/auth/session answers each with an empty session); 403 for the wrong role.",
          evidence: [page("nextauth", "errors", "401 and 403"), lab("tampered", "tampered cookie")],
        },
        "server-session": {
          text: "401 for an id the store does not know; 403 for the wrong role.",
          evidence: [page("server-session", "errors", "401 and 403"), lab("foreign", "made-up session id")],
        },
      },
    },
  ];
}
