import { env } from "@/lib/env";
import { ApproachPanel } from "./components/approach-panel";
import { APPROACHES } from "./components/approaches";
import { surface } from "./components/ui";

const STEPS = [
  "Sign in as alice (admin) or bob (member) in any column.",
  "Ask who you are, call the admin API, add a note.",
  "Reload, sign out, compare: each log shows exactly what went over the wire.",
];

const WIRE = [
  {
    title: "JWT bearer",
    dot: "bg-violet-400",
    line: "GET /api/jwt/notes",
    header: "Authorization:",
    headerColour: "text-violet-300",
    value: "Bearer eyJhbGciOiJFZERTQSIsInR5cCI6…",
  },
  {
    title: "Encrypted cookie",
    dot: "bg-teal-400",
    line: "GET /api/cookie/notes",
    header: "Cookie:",
    headerColour: "text-teal-300",
    value: "session-lab=Fe26.2*1*1d9c…~2",
  },
  {
    title: "next-auth",
    dot: "bg-sky-400",
    line: "GET /api/nextauth/notes",
    header: "Cookie:",
    headerColour: "text-sky-300",
    value: "next-auth.session-token=eyJhbGciOiJkaXIi…",
  },
  {
    title: "Server session",
    dot: "bg-rose-400",
    line: "GET /api/server-session/notes",
    header: "Cookie:",
    headerColour: "text-rose-300",
    value: "session-lab.sid=3q2-7wEjR1mT9xYkLb0aZg.hV4nQ8…",
  },
];

const GLANCE = [
  {
    id: "jwt",
    title: "JWT bearer",
    wire: "Authorization: Bearer <signed JWT>",
    script: "The access token, yes (kept in memory only)",
    automatic: "No: the page adds the header to each call",
    revoke: "Logout puts its sign-in's id (fid) on a deny list",
  },
  {
    id: "cookie",
    title: "Encrypted cookie",
    wire: "Cookie: session-lab=Fe26.2*…",
    script: "No: the cookie is HttpOnly",
    automatic: "Yes: on same-site requests, and on links from other sites (SameSite=Lax)",
    revoke: "Logout revokes the session id inside the seal",
  },
  {
    id: "nextauth",
    title: "next-auth",
    wire: "Cookie: next-auth.session-token=eyJhbGciOiJkaXIi…",
    script: "No: the cookie is HttpOnly, and the JWT in it is encrypted (a JWE)",
    automatic: "Yes: on same-site requests, and on links from other sites (SameSite=Lax)",
    revoke: "Logout revokes the session id inside the token",
  },
  {
    id: "server-session",
    title: "Server session",
    wire: "Cookie: session-lab.sid=<22-char id>.<43-char secret>",
    script: "No: the cookie is HttpOnly, and it is only an id",
    automatic: "Yes: on same-site requests, and on links from other sites (SameSite=Lax)",
    revoke: "Logout deletes the session's record: every copy dies at once",
  },
];

const COLUMNS = [
  { key: "wire", label: "On the wire" },
  { key: "script", label: "Readable by script?" },
  { key: "automatic", label: "Sent automatically?" },
  { key: "revoke", label: "Sign-out stops a copy" },
] as const;

/**
 * A header as it goes on the wire, wrapping between its words and after a cookie's `=`, never
 * inside a name (`next-auth.session-` / `token`, at the hyphen a browser would otherwise pick).
 */
function WireText({ text }: { text: string }) {
  return text.split(" ").map((word, index) => {
    const value = word.indexOf("=") + 1;
    return (
      <span key={index}>
        {index > 0 ? " " : null}
        {value > 0 ? (
          <>
            <span className="whitespace-nowrap">{word.slice(0, value)}</span>
            <wbr />
            <span className="whitespace-nowrap">{word.slice(value)}</span>
          </>
        ) : (
          <span className="whitespace-nowrap">{word}</span>
        )}
      </span>
    );
  });
}

export default function Home() {
  return (
    <div className="mx-auto max-w-7xl px-4 pt-10 pb-16 sm:px-6 sm:pt-14 lg:px-8">
      <section aria-labelledby="hero-title" className="grid items-center gap-10 lg:grid-cols-[minmax(0,1fr)_minmax(0,25rem)]">
        <div className="max-w-3xl">
          <p className="text-sm font-semibold text-sky-700 dark:text-sky-400">Sessions for stateless APIs</p>
          <h1 id="hero-title" className="mt-2 text-3xl font-semibold tracking-tight text-balance text-slate-950 sm:text-4xl dark:text-white">
            Keeping users signed in to an API, side by side
          </h1>
          <p className="mt-4 text-base leading-7 text-pretty text-slate-600 sm:text-lg sm:leading-8 dark:text-slate-400">
            The same users and the same protected notes, reached through each approach. Sign in to any column, call the API,
            and watch every request: which credential went out, what the server answered, and how long it took.
          </p>
          <ol className="mt-6 grid gap-2 text-sm text-slate-700 sm:grid-cols-3 sm:gap-3 dark:text-slate-300">
            {STEPS.map((step, index) => (
              <li key={step} className={`flex gap-3 rounded-xl px-3.5 py-3 ${surface}`}>
                <span
                  aria-hidden="true"
                  className="flex size-6 shrink-0 items-center justify-center rounded-full bg-slate-900 text-xs font-semibold text-white dark:bg-slate-100 dark:text-slate-900"
                >
                  {index + 1}
                </span>
                <span>{step}</span>
              </li>
            ))}
          </ol>
        </div>
        <figure className="hidden overflow-hidden rounded-2xl bg-slate-950 shadow-lg ring-1 ring-slate-900/10 lg:block dark:bg-slate-900 dark:ring-white/10">
          <figcaption className="border-b border-white/10 px-5 py-3 text-xs font-medium text-slate-400">
            The same notes, asked for with four credentials
          </figcaption>
          <div className="space-y-4 px-5 py-4 font-mono text-xs leading-6">
            {WIRE.map((request) => (
              <div key={request.title}>
                <p className="flex items-center gap-2 font-sans text-[0.6875rem] font-semibold tracking-wide text-slate-400 uppercase">
                  <span aria-hidden="true" className={`size-1.5 rounded-full ${request.dot}`} />
                  {request.title}
                </p>
                <p className="mt-1 text-white">{request.line}</p>
                <p className="truncate text-slate-300">
                  <span className={request.headerColour}>{request.header}</span> {request.value}
                </p>
              </div>
            ))}
          </div>
        </figure>
      </section>

      {/* Two by two even at 1440 px: four across, each column would be narrower than a phone. */}
      <div className="mt-10 grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
        {APPROACHES.map((approach) => (
          // An anchor per column (`/#column-jwt`), for pages that point at its revocation lab.
          <div key={approach.id} id={`column-${approach.id}`} className="min-w-0 scroll-mt-4">
            <ApproachPanel approach={approach.id} demoPassword={env().DEMO_PASSWORD} secondServiceUrl={env().RESOURCE_SERVER_URL ?? null} />
          </div>
        ))}
      </div>

      <section aria-labelledby="glance-title" className="mt-14">
        <h2 id="glance-title" className="text-lg font-semibold tracking-tight text-slate-950 dark:text-white">
          At a glance
        </h2>
        <div className="mt-4 grid gap-4 lg:hidden">
          {GLANCE.map((row) => (
            <div key={row.id} className={`rounded-2xl px-4 py-4 ${surface}`}>
              <h3 className="font-semibold text-slate-950 dark:text-white">{row.title}</h3>
              <dl className="mt-2 space-y-2 text-sm">
                {COLUMNS.map((column) => (
                  <div key={column.key}>
                    <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">{column.label}</dt>
                    <dd className={column.key === "wire" ? "font-mono text-xs break-all text-slate-800 dark:text-slate-200" : "text-slate-700 dark:text-slate-300"}>
                      {row[column.key]}
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </div>
        <div className={`mt-4 hidden overflow-x-auto rounded-2xl lg:block ${surface}`}>
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs tracking-wide text-slate-500 uppercase dark:bg-slate-800/60 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Approach
                </th>
                {COLUMNS.map((column) => (
                  <th key={column.key} scope="col" className="px-4 py-3 font-semibold">
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top text-slate-700 dark:divide-white/10 dark:text-slate-300">
              {GLANCE.map((row) => (
                <tr key={row.id}>
                  <th scope="row" className="px-4 py-3 font-medium whitespace-nowrap text-slate-950 dark:text-white">
                    {row.title}
                  </th>
                  {COLUMNS.map((column) => (
                    <td key={column.key} className={column.key === "wire" ? "px-4 py-3 font-mono text-xs" : "px-4 py-3"}>
                      {column.key === "wire" ? <WireText text={row.wire} /> : row[column.key]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
