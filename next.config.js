// @ts-check

/** Sent with every response. The pages' Content-Security-Policy, with its per-request nonce, comes from proxy.ts. */
const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" }, // a JSON body is never run as a script
  { key: "Referrer-Policy", value: "no-referrer" }, // URLs (and any ?next=) stay on this site
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" }, // no window handle for a page that opened us
  { key: "X-Frame-Options", value: "DENY" }, // no framing (clickjacking); CSP frame-ancestors says the same
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
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
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
          { key: "Cache-Control", value: "no-store" },
        ],
      },
      { source: "/.well-known/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
      // Only when the browser came over https (directly or through a proxy that says so).
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }],
      },
    ];
  },
};

module.exports = nextConfig;
