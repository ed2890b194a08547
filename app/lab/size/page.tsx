import type { Metadata } from "next";
import Link from "next/link";
import { APPROACHES } from "../../components/approaches";
import { SizeLab } from "../../components/size-lab";
import { link } from "../../components/ui";

export const metadata: Metadata = {
  title: "Size lab",
  description: "Session data of growing size in each credential: bytes per request, the 4 KB cookie limit and Node's 16 KB header limit, for real.",
};

export default function SizeLabPage() {
  return (
    <div className="h-full">
      <div className="mx-auto max-w-5xl px-4 pt-10 pb-16 sm:px-6 sm:pt-14">
        <p className="text-sm">
          <Link href="/lab" className={`${link} dark:text-sky-300 dark:decoration-sky-700 dark:hover:text-sky-200`}>
            ← Attack lab
          </Link>
        </p>
        <h1 className="mt-3 text-3xl font-semibold tracking-tight text-slate-950 dark:text-white">Size lab</h1>
        <div className="mt-3 max-w-3xl space-y-3 text-slate-600 dark:text-slate-400">
          <p>
            A token or a sealed cookie carries its session with it, so every byte of session data rides on every request. Pick a
            size: the server adds that much data to each approach&apos;s credential, made with the app&apos;s real keys, and sends
            it to the approach&apos;s API as a real request.
          </p>
          <p>
            Two limits decide what happens. A browser refuses a cookie whose name and value pass about 4 KB (it drops it whole, it does not cut it), and Node refuses a request whose
            headers pass 16 KB with <span className="font-mono text-sm">431</span>, before the app sees it. Only the server
            session&apos;s cookie stays the same size: its data never leaves the server.
          </p>
        </div>
        <div className="mt-8">
          <SizeLab columns={APPROACHES.map(({ id, title, accent }) => ({ id, title, accent }))} />
        </div>
      </div>
    </div>
  );
}
