/** The realm every bearer challenge of this app names. */
const REALM = "session-lab";

/**
 * RFC 6750 §3: the `WWW-Authenticate` challenge a bearer-protected resource answers with.
 *
 * @example
 * bearerChallenge("invalid_token", "The access token expired."); // 'Bearer realm="session-lab", error="invalid_token", error_description="…"'
 */
export function bearerChallenge(error?: "invalid_request" | "invalid_token" | "insufficient_scope", description?: string): string {
  const parts = [`realm="${REALM}"`];
  if (error) parts.push(`error="${error}"`);
  if (description) parts.push(`error_description="${description}"`);
  return `Bearer ${parts.join(", ")}`;
}
