"use client";

import { useId, useState, type FormEvent, type Ref } from "react";
import { Button } from "./button";
import { alertBox, buttonPrimary, focusRing, input } from "./ui";

const DEMO_USERS = [
  { username: "alice", role: "admin" },
  { username: "bob", role: "member" },
] as const;

interface SignInFormProps {
  /** The Username field, where focus goes when the form comes back after signing out. */
  usernameRef?: Ref<HTMLInputElement>;
  /** The demo users' password, as the server seeded them (DEMO_PASSWORD). */
  demoPassword: string;
  disabled: boolean;
  pending: boolean;
  error: string | null;
  onSubmit: (username: string, password: string) => void;
}

export function SignInForm({ usernameRef, demoPassword, disabled, pending, error, onSubmit }: SignInFormProps) {
  const id = useId();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit(username.trim(), password);
  }

  return (
    // method="post": a form sent before the page's script runs (or without it) must not put the password in the URL.
    <form method="post" onSubmit={submit} className="space-y-3" aria-describedby={`${id}-demo`}>
      <div id={`${id}-demo`} className="rounded-lg bg-slate-50 px-3 py-2.5 text-xs text-slate-600 ring-1 ring-slate-200 ring-inset dark:bg-slate-800/50 dark:text-slate-400 dark:ring-white/10">
        <div className="flex flex-wrap items-center gap-2">
          <span>Demo users:</span>
          {DEMO_USERS.map((user) => (
            <Button
              key={user.username}
              unavailable={disabled}
              onClick={() => {
                setUsername(user.username);
                setPassword(demoPassword);
              }}
              className={`rounded-full bg-white px-2.5 py-0.5 font-medium text-slate-800 ring-1 ring-slate-300 transition ring-inset hover:bg-slate-100 aria-disabled:cursor-not-allowed aria-disabled:opacity-60 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600 dark:hover:bg-slate-700 ${focusRing}`}
            >
              {user.username} ({user.role})
            </Button>
          ))}
        </div>
        <p className="mt-1.5">
          Password for both: <code className="inline-block max-w-full font-mono break-words text-slate-800 select-all dark:text-slate-200">{demoPassword}</code>
        </p>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-username`} className="mb-1 block text-xs font-medium text-slate-700 dark:text-slate-300">
            Username
          </label>
          <input
            ref={usernameRef}
            id={`${id}-username`}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            className={input}
          />
        </div>
        <div>
          <label htmlFor={`${id}-password`} className="mb-1 block text-xs font-medium text-slate-700 dark:text-slate-300">
            Password
          </label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            className={input}
          />
        </div>
      </div>
      {error ? (
        <p role="alert" className={alertBox}>
          {error}
        </p>
      ) : null}
      <Button type="submit" unavailable={disabled || pending} className={`${buttonPrimary} w-full sm:w-auto`}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
