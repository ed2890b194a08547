import type { ApproachId } from "@/lib/approach-ids";
import { createCookieClient } from "./api/cookie-client";
import { createJwtClient } from "./api/jwt-client";
import { createNextAuthClient } from "./api/nextauth-client";
import { createServerSessionClient } from "./api/server-session-client";
import type { ApproachClient } from "./api/types";

export interface Approach {
  id: ApproachId;
  title: string;
  /** One line: how the credential travels. */
  summary: string;
  /** What does the work, in a few words. */
  library: string;
  /** The page that explains this approach. */
  href: string;
  /** Colour family used for this approach's accents. */
  accent: "violet" | "teal" | "sky" | "rose";
  /** A link shown under the column: a protected page, or why there is none. */
  aside: { href: string; label: string };
  /**
   * For the revocation lab: what the credential is called, who would still accept a revoked
   * copy, and whether the credential carries its session (so it can be verified without the store).
   */
  revocation: {
    credential: string;
    verifierWithoutStore: string;
    selfContained: boolean;
    /** How such a verifier would also keep a copy alive past its expiry, if it would. */
    renewedWithoutStore?: string;
  };
  /** Whether, and why (not), another service can check this credential on its own. */
  secondService: string;
  createClient: () => ApproachClient;
}

/**
 * The columns of the lab, in order. Adding an approach is one client in `api/` and one
 * entry here; the home page and the panel take everything else from this list.
 */
export const APPROACHES = [
  {
    id: "jwt",
    title: "JWT bearer",
    summary: "A signed token in the Authorization header, kept in memory; an HttpOnly cookie only to refresh it.",
    library: "jose · EdDSA-signed JWTs",
    href: "/jwt",
    accent: "violet",
    aside: { href: "/jwt#pages", label: "Why there is no protected page here" },
    revocation: {
      credential: "access token",
      verifierWithoutStore: "another service checking the signature against the JWKS",
      selfContained: true,
    },
    secondService:
      "It is signed with a private key that never leaves this app; the public half is at /.well-known/jwks.json. Another service verifies the token with that alone: no shared secret, no shared store.",
    createClient: createJwtClient,
  },
  {
    id: "cookie",
    title: "Encrypted cookie",
    summary: "An encrypted, HttpOnly session cookie the browser attaches to every request by itself.",
    library: "iron-session · sealed cookie",
    href: "/cookie",
    accent: "teal",
    aside: { href: "/cookie/account", label: "Open your account page (server-rendered, protected)" },
    revocation: {
      credential: "sealed session cookie",
      verifierWithoutStore: "an instance with the seal password but no store",
      selfContained: true,
    },
    secondService:
      "The seal is encrypted and authenticated with this app’s password. Another service could open it only by holding the same password — and whoever holds it can forge a session for anyone.",
    createClient: createCookieClient,
  },
  {
    id: "nextauth",
    title: "next-auth",
    summary: "An encrypted JWT inside an HttpOnly cookie: a token's format, a cookie's transport.",
    library: "next-auth 4 · JWT strategy",
    href: "/nextauth",
    accent: "sky",
    aside: { href: "/nextauth/account", label: "Open your account page (server-rendered, protected)" },
    revocation: {
      credential: "next-auth session cookie",
      verifierWithoutStore: "an instance with NEXTAUTH_SECRET but no store",
      selfContained: true,
      renewedWithoutStore: "And every read of /api/auth/session there hands the copy back with a new expiry: one kept in use never runs out.",
    },
    secondService:
      "The cookie is a JWE encrypted with a key derived from NEXTAUTH_SECRET. Another service would need that secret, which would also let it mint sessions for anyone.",
    createClient: createNextAuthClient,
  },
  {
    id: "server-session",
    title: "Server session",
    summary: "An opaque id in a cookie; the session itself lives on the server, looked up on every request.",
    library: "own store · SQLite or Redis",
    href: "/server-session",
    accent: "rose",
    aside: { href: "/server-session/account", label: "Open your account page (server-rendered, protected)" },
    revocation: {
      credential: "session id cookie",
      verifierWithoutStore: "nobody: without the store an opaque id means nothing",
      selfContained: false,
    },
    secondService:
      "The cookie is only an id. Another service learns whose it is only by reaching this app’s session store, or by asking this app on every request.",
    createClient: createServerSessionClient,
  },
] as const satisfies readonly Approach[];

export type { ApproachId };

export function approachById(id: ApproachId): Approach {
  const approach = APPROACHES.find((candidate) => candidate.id === id);
  if (!approach) throw new Error(`Unknown approach: ${id}`);
  return approach;
}
