// "Copy this pattern": the essential code of each approach, cut from the real source
// files by declaration name, so a page can never show code the app does not run.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { CodePattern } from "../../lib/patterns";

export interface PatternSpec {
  /** Unique within its approach; also the anchor on the page (`#pattern-<id>`). */
  id: string;
  title: string;
  /** One sentence: why this is the part worth copying. */
  note: string;
  /** Relative to the repository root. */
  file: string;
  /** Top-level declarations, adjacent in the file: they are shown as one block. */
  symbols: readonly [string, ...string[]];
  /**
   * Names the note promises the block shows (a call, an option). A symbol renamed and its name
   * given to other code would still be found; what the block must hold catches that.
   */
  shows?: readonly string[];
}

const guard = (approach: string, symbols: PatternSpec["symbols"], note: string): PatternSpec => ({
  id: "guard",
  title: "The guard",
  note,
  file: `lib/auth/${approach}/guard.ts`,
  symbols,
});

const loginRoute = (approach: string, note: string): PatternSpec => ({
  id: "login",
  title: "The login handler",
  note,
  file: `app/api/${approach}/login/route.ts`,
  symbols: ["POST"],
});

const SITE_COOKIE: PatternSpec = {
  id: "cookie-options",
  title: "The cookie options",
  note: "Written once for every site-wide session cookie: HttpOnly, SameSite=Lax, Path=/, Secure (always in production), and the __Host- prefix over https.",
  file: "lib/origin.ts",
  symbols: ["SITE_COOKIE_OPTIONS", "siteCookie"],
};

const SAME_SITE_CHECK: PatternSpec = {
  id: "same-site",
  title: "The same-site check",
  note: "What stops cross-site request forgery for a cookie the browser sends by itself: a change must come from this site, by Sec-Fetch-Site or else Origin, written exactly as a browser writes it. SameSite=Lax alone lets sibling subdomains through. X-Forwarded-Host and -Proto are read as sent: a cross-site browser request cannot set them.",
  file: "lib/origin.ts",
  symbols: ["SAFE_METHODS", "assertSameOriginForChanges", "assertSameOrigin", "asOriginHost"],
  shows: ["sec-fetch-site", "CrossSiteError"],
};

/** What each approach's page shows, in order. A symbol that disappears fails the build. */
export const PATTERN_SPECS = {
  jwt: [
    guard("jwt", ["getJwtUser", "requireJwtUser"], "Route handlers call require…, which throws; get… returns the reason instead (a sign-out uses it to end whatever came along). A bearer token cannot protect a page: browsers never send it by themselves."),
    loginRoute("jwt", "Parse, check the password (rate-limited), end the sign-in the request carried, start a refresh family, answer with a short-lived access token."),
    {
      id: "cookie-options",
      title: "The refresh cookie's options",
      note: "The one long-lived secret of this approach, in the narrowest cookie there is: HttpOnly, SameSite=Strict, this API's path only, Secure (always in production), and the __Secure- prefix over https.",
      file: "lib/auth/jwt/config.ts",
      symbols: ["REFRESH_COOKIE_NAME", "REFRESH_COOKIE_OPTIONS", "refreshCookie"],
    },
    {
      id: "verify-options",
      title: "The verify options",
      note: "Pinned algorithm, token type, required claims and clock tolerance: the settings every check below relies on.",
      file: "lib/auth/jwt/config.ts",
      symbols: ["ALGORITHM", "ACCESS_TOKEN_TYPE", "REQUIRED_CLAIMS", "CLOCK_TOLERANCE_SECONDS"],
    },
    {
      id: "verify",
      title: "The verification",
      note: "The key chosen by kid from configuration only; jose's jwtVerify with every option set, its error codes mapped to a reason instead of thrown; a token seen before skips the signature, never the store: logout and sign out everywhere are checked on every request.",
      file: "lib/auth/jwt/session.ts",
      symbols: ["keyFor", "failureOf", "verifyAccessToken", "verifiedTokens", "Verification", "verifySignatureAndClaims"],
      shows: ["jwtVerify(", "isCredentialRevoked(", "algorithms:", "ERR_JWT_EXPIRED"],
    },
    {
      id: "remote-verify",
      title: "Another service's key set",
      note: "How a second service verifies these tokens with the public keys alone: fetched, cached, and with a timeout, and the same checks as the app's but one: it cannot see a logout.",
      file: "scripts/resource-server.mjs",
      symbols: ["remoteKeys", "KeysUnavailable", "keys", "VERIFY_OPTIONS", "MAX_TOKEN_LENGTH", "accessTokenClaims", "isCanonicalBase64url", "verifyAccessToken"],
      shows: ["createRemoteJWKSet(", "timeoutDuration", "algorithms:", "maxTokenAge:", "accessTokenClaims.safeParse("],
    },
  ],
  cookie: [
    guard("cookie", ["getCookieUser", "userOfSeal", "requireCookieUser"], "The cookie comes by itself, so require… also checks that a state-changing request came from this site."),
    loginRoute("cookie", "Parse, check the password (rate-limited), end the session the request carried, seal a new session and set it as the cookie."),
    SITE_COOKIE,
    SAME_SITE_CHECK,
    {
      id: "verify",
      title: "Opening the seal",
      note: "iron-session's unsealData (skipped for a seal seen before, by its exact value), the shape of what came out checked with zod, and the revocation list consulted every time.",
      file: "lib/auth/cookie/session.ts",
      symbols: ["unsealSession", "openedSeals", "Opening", "open"],
      shows: ["unsealData(", "safeParse("],
    },
  ],
  nextauth: [
    guard("nextauth", ["getNextAuthUser", "requireNextAuthUser"], "It reads the cookie by next-auth's own rule (its SessionStore: every chunk, in its order; a name sent twice is refused) and makes the jwt callback's checks; require… adds the same-site check next-auth leaves to the app."),
    {
      id: "login",
      title: "The login check (authorize)",
      note: "The Credentials provider's authorize: the same user store and rate limits, and one answer for unknown user and wrong password.",
      file: "lib/auth/nextauth/session.ts",
      symbols: ["authorizeCredentials"],
    },
    {
      id: "options",
      title: "The session and cookie options",
      note: "The jwt strategy with an explicit lifetime (next-auth's default is 30 days), secure cookies over https, and a logger that never prints a token, nor a line for each bad cookie.",
      file: "lib/auth/nextauth/config.ts",
      symbols: ["authOptions"],
    },
    {
      id: "verify",
      title: "The check on every read",
      note: "next-auth decrypts the cookie; this callback refuses revoked sessions and reads the role from the database.",
      file: "lib/auth/nextauth/session.ts",
      symbols: ["jwtCallback", "isNextAuthTokenRevoked"],
    },
    {
      id: "decrypt",
      title: "Decrypting the cookie",
      note: "next-auth's own decode, under next-auth's own header only (it would follow any algorithm a token names), skipped for a cookie seen before, of this app's shape; jose's error codes become reasons.",
      file: "lib/auth/nextauth/session.ts",
      symbols: ["SessionTokenResult", "verifySessionToken", "decodedSessions", "appClaims", "SESSION_TOKEN_HEADER", "hasSessionTokenHeader", "decodeSessionToken", "joseErrorCode"],
    },
    {
      id: "sign-out",
      title: "Revoking at sign-out and sign-in",
      note: "next-auth only replaces or clears the browser's cookie: the app revokes the session the request carried before next-auth's answer leaves, or answers 503 instead, so a copy of the cookie stops working too.",
      file: "lib/auth/nextauth/endpoint-checks.ts",
      symbols: ["revokeOnSignOut", "revokeOnSignIn"],
    },
    SAME_SITE_CHECK,
  ],
  "server-session": [
    guard("server-session", ["getServerSessionUser", "userOfToken", "requireServerSession"], "The role is read from the database on every request. A change of role gets the session a new secret (the id stays): other copies stop working 10 s later, and whichever copy asks first keeps the session."),
    loginRoute("server-session", "Parse, check the password (rate-limited), end the session the request carried, create a brand-new session and set its id.secret cookie."),
    SITE_COOKIE,
    SAME_SITE_CHECK,
    {
      id: "verify",
      title: "Looking the session up",
      note: "Find by id, compare the secret's hash in constant time, check both expiries, refuse sessions from before a sign-out everywhere.",
      file: "lib/auth/server-session/session.ts",
      symbols: ["sameHash", "validateSessionToken"],
      shows: ["timingSafeEqual", "absoluteExpiresAt", "sessionVersion("],
    },
  ],
} as const satisfies Record<string, readonly PatternSpec[]>;

function declaredNames(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((declaration) => (ts.isIdentifier(declaration.name) ? [declaration.name.text] : []));
  }
  if (
    ts.isFunctionDeclaration(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isEnumDeclaration(statement)
  ) {
    return statement.name ? [statement.name.text] : [];
  }
  return [];
}

/** Where a statement starts once the comments written just above it (no blank line between) are counted in. */
function startWithComments(text: string, statement: ts.Statement): number {
  let start = statement.getStart();
  const comments = ts.getLeadingCommentRanges(text, statement.pos) ?? [];
  for (const comment of [...comments].reverse()) {
    const gap = text.slice(comment.end, start);
    if ((gap.match(/\n/g) ?? []).length > 1) break;
    start = comment.pos;
  }
  return start;
}

const scriptKind = (file: string) =>
  file.endsWith(".tsx") ? ts.ScriptKind.TSX : /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;

/**
 * Cuts `spec.symbols` out of `spec.file` (read under `root`): whole lines, from the
 * comments just above the first declaration to the end of the last. Throws, naming
 * the file and the symbol, when a symbol is missing or the symbols are not adjacent.
 *
 * @example
 * const { code, startLine } = extractPattern(process.cwd(), { id: "guard", title: "The guard", note: "…", file: "lib/auth/jwt/guard.ts", symbols: ["requireJwtUser"] });
 */
export function extractPattern(root: string, spec: PatternSpec): CodePattern {
  const where = `${spec.file} (pattern "${spec.id}")`;
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, spec.file), "utf8");
  } catch {
    throw new Error(`patterns: cannot read ${where}. Update PATTERN_SPECS in scripts/generate/patterns.ts if the file moved.`);
  }
  const source = ts.createSourceFile(spec.file, text, ts.ScriptTarget.Latest, true, scriptKind(spec.file));

  const indexes = spec.symbols.map((symbol) => {
    const index = source.statements.findIndex((statement) => declaredNames(statement).includes(symbol));
    if (index === -1) {
      throw new Error(
        `patterns: ${where} has no top-level declaration named "${symbol}". If it was renamed or moved, update PATTERN_SPECS in scripts/generate/patterns.ts.`,
      );
    }
    return index;
  });
  const first = Math.min(...indexes);
  const last = Math.max(...indexes);
  if (new Set(indexes).size !== last - first + 1) {
    throw new Error(`patterns: in ${where}, ${spec.symbols.join(", ")} are not adjacent declarations, so they cannot be shown as one block.`);
  }

  const firstStatement = source.statements[first];
  const lastStatement = source.statements[last];
  if (!firstStatement || !lastStatement) throw new Error(`patterns: ${where}: statement index out of range`);
  const startLine = source.getLineAndCharacterOfPosition(startWithComments(text, firstStatement)).line + 1;
  const endLine = source.getLineAndCharacterOfPosition(lastStatement.getEnd()).line + 1;
  const code = text.split(/\r?\n/).slice(startLine - 1, endLine).join("\n");
  const missing = (spec.shows ?? []).filter((needed) => !code.includes(needed));
  if (missing.length > 0) {
    throw new Error(`patterns: the block cut from ${where} does not show ${missing.map((m) => `"${m}"`).join(", ")}, which its note promises. Did a symbol's name move to other code?`);
  }
  return { id: spec.id, title: spec.title, note: spec.note, path: spec.file, startLine, endLine, code };
}

/** Every approach's patterns, cut from the files under `root`. */
export function extractAllPatterns(root: string): Record<keyof typeof PATTERN_SPECS, CodePattern[]> {
  const extract = (specs: readonly PatternSpec[]) => specs.map((spec) => extractPattern(root, spec));
  return {
    jwt: extract(PATTERN_SPECS.jwt),
    cookie: extract(PATTERN_SPECS.cookie),
    nextauth: extract(PATTERN_SPECS.nextauth),
    "server-session": extract(PATTERN_SPECS["server-session"]),
  };
}
