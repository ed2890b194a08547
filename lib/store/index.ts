import "server-only";
import { db } from "../db";
import { sqliteStore } from "./sqlite";
import type { SessionStore } from "./types";

export type { RefreshOutcome, SessionStore } from "./types";

let instance: SessionStore | undefined;

/** The process's session-state store (SQLite, in the app's own database file). */
export function store(): SessionStore {
  instance ??= sqliteStore(db());
  return instance;
}
