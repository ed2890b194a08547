import { isApproachId } from "@/lib/approach-ids";
import type { AdminView, Note, Problem, RevocationReport, SecondServiceAnswer, SessionInfo, User } from "./types";

// Tiny hand-written guards instead of a schema library: the home page's bundle stays small,
// and nothing the server sends is trusted by a cast.

type Guard<T> = (value: unknown) => value is T;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const isUser: Guard<User> = (value): value is User =>
  isRecord(value) &&
  typeof value.id === "number" &&
  typeof value.username === "string" &&
  (value.role === "admin" || value.role === "member");

export const isNote: Guard<Note> = (value): value is Note =>
  isRecord(value) && typeof value.id === "number" && typeof value.text === "string" && typeof value.createdAt === "string";

const isInstant = (value: unknown): value is string => typeof value === "string" && !Number.isNaN(Date.parse(value));

export const isSessionInfo: Guard<SessionInfo> = (value): value is SessionInfo =>
  isRecord(value) &&
  typeof value.id === "string" &&
  typeof value.current === "boolean" &&
  isInstant(value.createdAt) &&
  isInstant(value.lastSeenAt) &&
  typeof value.userAgent === "string";

export const isProblem: Guard<Problem> = (value): value is Problem =>
  isRecord(value) && typeof value.title === "string" && typeof value.status === "number" && typeof value.detail === "string";

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
}

export const isTokenResponse: Guard<TokenResponse> = (value): value is TokenResponse =>
  isRecord(value) &&
  typeof value.access_token === "string" &&
  value.token_type === "Bearer" &&
  typeof value.expires_in === "number";

/** `{ [key]: T }`, the envelope most endpoints answer with. */
export function field<T>(key: string, guard: Guard<T>): (value: unknown) => T | null {
  return (value) => {
    if (!isRecord(value)) return null;
    const inner = value[key];
    return guard(inner) ? inner : null;
  };
}

export function listField<T>(key: string, guard: Guard<T>): (value: unknown) => T[] | null {
  return (value) => {
    if (!isRecord(value)) return null;
    const inner = value[key];
    return Array.isArray(inner) && inner.every(guard) ? inner : null;
  };
}

export const parseUser = field("user", isUser);

export const parseAdminView = (value: unknown): AdminView | null => {
  if (!isRecord(value) || !isUser(value.user) || !isRecord(value.stats)) return null;
  const { users, notes } = value.stats;
  return typeof users === "number" && typeof notes === "number" ? { user: value.user, stats: { users, notes } } : null;
};

export const isCount = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value >= 0;

export const oneOf = <T extends string>(values: readonly T[], value: unknown): value is T => values.some((candidate) => candidate === value);

/** A revocation report, rebuilt field by field so nothing unchecked rides along. */
export const parseRevocationReport = (value: unknown): RevocationReport | null => {
  if (!isRecord(value) || !isRecord(value.credential) || !isRecord(value.medianMicros)) return null;
  const { approach, replays, acceptedWithCheck, acceptedWithoutCheck, secondsLeftWithoutCheck, store, revocationCheck } = value;
  const { bytes, expiresAt } = value.credential;
  const { withCheck, withoutCheck } = value.medianMicros;
  if (
    !isApproachId(approach) ||
    !isCount(bytes) ||
    typeof expiresAt !== "string" ||
    Number.isNaN(Date.parse(expiresAt)) ||
    !isCount(replays) ||
    !isCount(acceptedWithCheck) ||
    !isCount(acceptedWithoutCheck) ||
    !isCount(secondsLeftWithoutCheck) ||
    !isCount(withCheck) ||
    !isCount(withoutCheck) ||
    (store !== "sqlite" && store !== "redis") ||
    (revocationCheck !== "on" && revocationCheck !== "off")
  ) {
    return null;
  }
  return {
    approach,
    credential: { bytes, expiresAt },
    replays,
    acceptedWithCheck,
    acceptedWithoutCheck,
    secondsLeftWithoutCheck,
    medianMicros: { withCheck, withoutCheck },
    store,
    revocationCheck,
  };
};

export const parseSecondServiceAnswer = (value: unknown): SecondServiceAnswer | null => {
  if (!isRecord(value)) return null;
  const { sub, role, exp, verifiedWith, revocationChecked } = value;
  if (typeof sub !== "string" || typeof role !== "string" || typeof exp !== "number") return null;
  if (typeof verifiedWith !== "string" || typeof revocationChecked !== "boolean") return null;
  return { sub, role, exp, verifiedWith, revocationChecked };
};
