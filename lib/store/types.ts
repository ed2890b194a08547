/**
 * The server-side state that "stateless" credentials still need: refresh-token
 * records and revoked credential ids. Everything else about a session lives in the
 * credential itself.
 */

/** What presenting a refresh token led to. */
export type RefreshOutcome =
  | { status: "rotated"; userId: number; familyId: string; familyExpiresAt: number }
  | { status: "unknown" | "expired" | "revoked" | "reused" };

export interface SessionStore {
  /** Denies a credential id (`jti`, session id) until `expiresAt` (epoch ms), after which it would be refused anyway. */
  revokeId(id: string, expiresAt: number): Promise<void>;
  /** Whether `revokeId` was called for this id. */
  isRevoked(id: string): Promise<boolean>;

  /** Starts a refresh-token family whose members all die at `expiresAt`. */
  createRefreshFamily(familyId: string, userId: number, expiresAt: number): Promise<void>;
  /** Records a refresh token (by hash) as the newest member of its family. */
  addRefreshToken(tokenHash: string, familyId: string, userId: number, expiresAt: number): Promise<void>;
  /**
   * Marks a refresh token used, atomically. A token used before answers `reused` and
   * revokes its whole family, unless it was used less than `graceMs` ago (two tabs
   * refreshing at once), which answers `rotated` again.
   */
  consumeRefreshToken(tokenHash: string, now: number, graceMs: number): Promise<RefreshOutcome>;
  /** Revokes the family this token belongs to (logout). */
  revokeRefreshFamilyOf(tokenHash: string, now: number): Promise<void>;
}
