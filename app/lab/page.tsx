import type { Metadata } from "next";
import Link from "next/link";
import { attackCatalog } from "@/lib/lab/attacks";
import { APPROACHES } from "../components/approaches";
import { AttackLab } from "../components/attack-lab";
import { link } from "../components/ui";

export const metadata: Metadata = {
  title: "Attack lab",
  description: "Every known attack on these credentials, run for real against this app, with its verdict.",
};

export default function LabPage() {
  return (
    <div className="mx-auto max-w-7xl px-4 pt-10 pb-16 sm:px-6 sm:pt-14 lg:px-8">
      <h1 className="text-3xl font-semibold tracking-tight text-slate-950 dark:text-white">Attack lab</h1>
      <p className="mt-3 max-w-3xl text-slate-600 dark:text-slate-400">
        Each cell is a real request to this server, crafted on the server side so it can do what a browser cannot: forge
        signatures, sign with the server&apos;s own key to test the claim checks alone, replay a copy after logout, post from
        another origin. Green is refused. Blue is allowed on purpose, with the reason. Red would be a hole.
      </p>
      <p className="mt-3 max-w-3xl text-slate-600 dark:text-slate-400">
        How big can a session get? The{" "}
        <Link href="/lab/size" className={link}>
          size lab
        </Link>{" "}
        grows each credential with session data and shows where the 4 KB cookie limit and Node&apos;s 16 KB header limit bite.
      </p>
      <div className="mt-8">
        <AttackLab columns={APPROACHES.map(({ id, title }) => ({ id, title }))} attacks={attackCatalog()} />
      </div>
    </div>
  );
}
