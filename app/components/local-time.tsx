"use client";

import { useSyncExternalStore } from "react";
import { localTime } from "./ui";

const utc = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const noChanges = () => () => {};

/**
 * An instant (ISO 8601) to the minute, in the reader's time zone, as the columns show times
 * ({@link localTime}). The server knows no time zone: what it renders (and hydration reuses)
 * is UTC, saying so, and the browser's zone replaces it as soon as the page is live.
 */
export function LocalTime({ dateTime }: { dateTime: string }) {
  const inBrowser = useSyncExternalStore(noChanges, () => true, () => false);
  const instant = new Date(dateTime);
  return <time dateTime={dateTime}>{inBrowser ? localTime.format(instant) : `${utc.format(instant)} UTC`}</time>;
}
