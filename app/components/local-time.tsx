"use client";

import { useSyncExternalStore } from "react";

// The browser's own locale and time zone, as every time in the columns is shown.
const local = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const utc = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const noChanges = () => () => {};

/**
 * An instant (ISO 8601) to the minute, in the reader's time zone. The server knows no time
 * zone: what it renders (and hydration reuses) is UTC, saying so, and the browser's zone
 * replaces it as soon as the page is live.
 */
export function LocalTime({ dateTime }: { dateTime: string }) {
  const inBrowser = useSyncExternalStore(noChanges, () => true, () => false);
  const instant = new Date(dateTime);
  return <time dateTime={dateTime}>{inBrowser ? local.format(instant) : `${utc.format(instant)} UTC`}</time>;
}
