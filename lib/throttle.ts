import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import type http from "node:http";
import { isIPv6 } from "node:net";
import { ConfigError, env } from "./env";
import { InvalidCredentialsError, PasswordUncheckedError, TooManyAttemptsError } from "./errors";
import { isLoopbackAddress } from "./loopback";
import type { IncomingRequest } from "./request";
import { store } from "./store";
import type { FailureCount } from "./store/types";
import { authenticate, type User } from "./users";

const UNSCREENED_ADDRESSES =
  "Sign-in limits count by client address, and X-Forwarded-For is what the client wrote until lib/incoming.ts drops it: " +
  "call screenIncomingRequests() from instrumentation.ts's register(), or set TRUSTED_PROXY_HOPS to the number of proxies in front of the app.";

/** Failures are counted in windows of this length. */
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

/**
 * Per account: tight (5), because guessing one account's password is the attack.
 * Per client address: generous (100), so one office behind one address is not locked out.
 */
function limits() {
  const { LOGIN_MAX_FAILURES_PER_ACCOUNT, LOGIN_MAX_FAILURES_PER_ADDRESS } = env();
  return { account: LOGIN_MAX_FAILURES_PER_ACCOUNT, address: LOGIN_MAX_FAILURES_PER_ADDRESS };
}

// Shared by lib/incoming.ts (run from instrumentation.ts) and the route handlers, which are
// bundled apart: so on globalThis. Whether dropClaimedAddress runs on every request this
// process serves, and the attack lab's vouch, a random value only this process knows.
const screening = globalThis as typeof globalThis & { sessionLabDropsClaimedAddresses?: boolean; sessionLabAddressVouch?: string };

/** For lib/incoming.ts, once {@link dropClaimedAddress} runs on every request. */
export function noteClaimedAddressesDropped(): void {
  screening.sessionLabDropsClaimedAddresses = true;
}

/**
 * Where the request came from, as far as can be trusted: the entry in X-Forwarded-For that
 * the outermost trusted proxy appended, or with none (TRUSTED_PROXY_HOPS=0) the one Next.js
 * wrote from the connection. With no trusted proxy that holds only once
 * {@link dropClaimedAddress} runs on every request (lib/incoming.ts, from instrumentation.ts);
 * until then this throws rather than count by an address the client wrote itself, so a
 * copy of this file without that wiring fails loudly instead of trusting the header.
 */
export function clientAddress(request: Pick<IncomingRequest, "headers">): string {
  const trusted = env().TRUSTED_PROXY_HOPS;
  if (trusted === 0 && !screening.sessionLabDropsClaimedAddresses) throw new ConfigError(UNSCREENED_ADDRESSES);
  const hops = (request.headers.get("x-forwarded-for") ?? "").split(",").map((part) => part.trim()).filter(Boolean);
  return hops[Math.max(0, hops.length - 1 - Math.max(0, trusted - 1))] ?? "unknown";
}

// The first 96 bits of an IPv6 address whose last 32 are an IPv4 client's: IPv4-mapped (RFC
// 4291) and NAT64's well-known prefix (RFC 6052), behind which every IPv4 client would
// otherwise share one /64.
const CARRIES_IPV4 = new Set(["0:0:0:0:0:ffff", "64:ff9b:0:0:0:0"]);

/**
 * The key an address's sign-in tries count under. An IPv6 address counts by its /64, the
 * smallest block a network is given (one LAN): whoever holds one can send from 2^64
 * addresses, and a count per address would never fill. A site given a /56 or a /48 (RFC
 * 6177) can still spread its guesses over its /64s; the per-account limit holds whatever the
 * address. An IPv4 address that IPv6 carries (`::ffff:192.0.2.1`, or NAT64's
 * `64:ff9b::192.0.2.1`) counts as that IPv4 address, a port some proxies add is left out, and
 * anything else counts as written.
 *
 * @example
 * addressKey("2001:db8:1:2:aaaa::7"); // "address:2001:db8:1:2::/64"
 * addressKey("[::ffff:192.0.2.1]:51234"); // "address:192.0.2.1"
 */
export function addressKey(written: string): string {
  const address = /^\[([^\]]+)\](?::\d+)?$/.exec(written)?.[1] ?? /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(written)?.[1] ?? written;
  if (!isIPv6(address)) return `address:${address}`;
  // The URL parser writes an address one way (lower case, `::` for the longest zeros, an IPv4
  // tail in hex), which leaves only the `::` to expand into the eight groups.
  const [head = "", tail] = new URL(`http://[${address.split("%")[0]}]/`).hostname.slice(1, -1).split("::");
  const [left, right] = [head ? head.split(":") : [], tail ? tail.split(":") : []];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  if (CARRIES_IPV4.has(groups.slice(0, 6).join(":"))) {
    const [high = 0, low = 0] = groups.slice(6).map((group) => Number.parseInt(group, 16));
    return `address:${[high >> 8, high & 255, low >> 8, low & 255].join(".")}`;
  }
  return `address:${new URL(`http://[${groups.slice(0, 4).join(":")}::]/`).hostname.slice(1, -1)}/64`;
}

/** The header with which a request this process sends to itself vouches for the address it names. */
export const ADDRESS_VOUCH_HEADER = "x-session-lab-vouch";

/**
 * The headers with which a request this process sends to itself, over loopback, names the
 * address its sign-in tries count under: the attack lab's, which name a fresh documentation
 * address each, so that they count against nobody watching (lib/lab/attacks.ts). Never shown
 * or sent anywhere else.
 *
 * @example
 * const headers = { "content-type": "application/json", ...vouchedAddress("2001:db8::7") };
 */
export function vouchedAddress(address: string): Record<string, string> {
  screening.sessionLabAddressVouch ??= randomBytes(32).toString("base64url");
  return { "x-forwarded-for": address, [ADDRESS_VOUCH_HEADER]: screening.sessionLabAddressVouch };
}

function vouchedFor(value: string | string[] | undefined): boolean {
  const known = screening.sessionLabAddressVouch;
  if (known === undefined || typeof value !== "string") return false;
  const [presented, expected] = [Buffer.from(value), Buffer.from(known)];
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/**
 * Next.js writes the connection's address into X-Forwarded-For only when the request has
 * none, so without trusted proxies (TRUSTED_PROXY_HOPS=0) a client could name any address,
 * and spend another address's sign-in failures until it is locked out. The header is
 * dropped here, unless this very process sent the request to itself and vouched for it
 * ({@link vouchedAddress}): coming from this machine is not enough, since a proxy on it may
 * pass on whatever its client wrote. The vouch itself never reaches Next.js, which reads
 * `headers`; Node's `rawHeaders` still hold both, so never log those.
 */
export function dropClaimedAddress(request: { headers: http.IncomingHttpHeaders; socket: { remoteAddress?: string } }): void {
  const vouch = request.headers[ADDRESS_VOUCH_HEADER];
  delete request.headers[ADDRESS_VOUCH_HEADER];
  if (env().TRUSTED_PROXY_HOPS > 0) return;
  if (isLoopbackAddress(request.socket.remoteAddress) && vouchedFor(vouch)) return;
  delete request.headers["x-forwarded-for"];
}

/** The key an account's failures are counted under: one per name, however it is typed. */
export const accountKey = (username: string) => `account:${username.trim().toLowerCase()}`;

const retryAfter = (resetsAt: number, now: number) => Math.max(1, Math.ceil((resetsAt - now) / 1000));

/**
 * Counts one attempt against the account and the address, or against neither: when the store
 * records one count and fails the other, the one it recorded is taken back before the
 * failure (a 503) goes on. A count whose write timed out and landed in the store afterwards
 * cannot be taken back this way, as nothing says it landed; it ends with its window.
 */
async function recordAttempt(account: string, address: string, now: number): Promise<[FailureCount, FailureCount]> {
  const [byAccount, byAddress] = await Promise.allSettled([
    store().recordLoginFailure(account, FAILURE_WINDOW_MS, now),
    store().recordLoginFailure(address, FAILURE_WINDOW_MS, now),
  ]);
  if (byAccount.status === "fulfilled" && byAddress.status === "fulfilled") return [byAccount.value, byAddress.value];
  // The store is failing: the take-back may fail too, and the error that counts is the first.
  const forget = (key: string, count: PromiseSettledResult<FailureCount>) =>
    count.status === "fulfilled" ? store().forgetLoginFailure(key, { resetsAt: count.value.resetsAt }).catch(() => undefined) : undefined;
  await Promise.all([forget(account, byAccount), forget(address, byAddress)]);
  throw [byAccount, byAddress].find((count): count is PromiseRejectedResult => count.status === "rejected")?.reason;
}

/**
 * Checks a username and password, counting failures per account and per client
 * address in the session store (so the limits hold across instances). Once either
 * limit is reached, the answer is 429 with Retry-After — before any password is
 * checked, whether or not the account exists.
 *
 * Each attempt counts as a failure before its password is checked, and a right password
 * takes it back. Counting after the check would let guesses sent at once all read the
 * same count while their hashes ran: 30 parallel guesses were 30 checked, not 5. So the
 * limit is on attempts failed or still being checked: a sixth sign-in to one account while
 * five are in flight waits its turn as a 429 too. A refused attempt is taken back from both
 * counts, so an address over its limit cannot add to any account's, nor the reverse; so is
 * one the hashing threads were too busy to check (a 503).
 *
 * A right password takes back its own attempt only: the failures before it count until
 * their window ends, so a sign-in by someone else who knows the password (a shared
 * account, the attack lab signing bob in) cannot wipe an attacker's count between guesses.
 *
 * @example
 * const user = await signIn(username, password, request);
 */
export async function signIn(username: string, password: string, request: Pick<IncomingRequest, "headers">, now = Date.now()): Promise<User> {
  const account = accountKey(username);
  const address = addressKey(clientAddress(request));
  const limit = limits();
  const [byAccount, byAddress] = await recordAttempt(account, address, now);
  const takeBack = () =>
    Promise.all([store().forgetLoginFailure(account, { resetsAt: byAccount.resetsAt }), store().forgetLoginFailure(address, { resetsAt: byAddress.resetsAt })]);
  const over = byAccount.count > limit.account ? byAccount : byAddress.count > limit.address ? byAddress : null;
  if (over) {
    await takeBack();
    throw new TooManyAttemptsError(retryAfter(over.resetsAt, now));
  }

  const user = await authenticate(username, password).catch(async (error: unknown) => {
    if (error instanceof PasswordUncheckedError) await takeBack();
    throw error;
  });
  if (!user) throw new InvalidCredentialsError();
  await takeBack();
  return user;
}
