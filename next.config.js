// @ts-check

// The headers, with why each is sent, live in lib/security-headers.json, which the answers
// refused before Next.js sees a request (lib/unparsable.ts) send too.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file, as Next.js loads it
const { everyResponse, dataPolicy, overHttps } = require("./lib/security-headers.json");
const header = (/** @type {{ key: string, value: string }} */ { key, value }) => ({ key, value });

/** Sent with every response. The pages' Content-Security-Policy, with its per-request nonce, comes from proxy.ts. */
const SECURITY_HEADERS = everyResponse.map(header);

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // No next/image here, so no image optimizer: /_next/image is a 404. Its handler fetches the
  // URL it is given and logged that URL as sent, newlines included (anyone's text in the log).
  images: { unoptimized: true },
  // `next dev` without Turbopack's on-disk cache: started again on its cache (after a restart or
  // a `next build`), it sometimes reloaded the home page about 4 times a second for good ("HMR
  // hash mismatch"): 2 of 8 starts here, against 0 of 16 without it. The price: the first page
  // after each start compiles in about 2.5 s instead of 0.5 s.
  experimental: { turbopackFileSystemCacheForDev: false },
  // Native addons must be loaded by Node at run time, not bundled.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2"],
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      // API answers are data: nothing in them may load, run or be framed, and none is
      // kept by a cache (a route that says otherwise wins).
      {
        source: "/api/:path*",
        headers: [
          header(dataPolicy),
          { key: "Cache-Control", value: "no-store" },
        ],
      },
      { source: "/.well-known/:path*", headers: [header(dataPolicy)] },
      // Only when the browser came over https (directly or through a proxy that says so).
      // Next.js matches `^value$` against the whole header: this is its first entry, in any
      // case (`HTTPS`, `https, http`), which is how lib/origin.ts's forwardedProtocol reads it.
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "\\s*[Hh][Tt][Tt][Pp][Ss]\\s*(?:,.*)?" }],
        headers: [header(overHttps)],
      },
    ];
  },
};

module.exports = nextConfig;
