import Redis from "ioredis";
import { describe, expect, inject, it, vi } from "vitest";
import { SIGN_IN_FAILED, authorizeCredentials } from "@/lib/auth/nextauth/session";
import { ConfigError } from "@/lib/env";
import { HashingFailedError, InvalidCredentialsError, SignInsBusyError, TooManyAttemptsError } from "@/lib/errors";
import { store } from "@/lib/store";
import { redisStore } from "@/lib/store/redis";
import { StoreUnavailableError, type SessionStore } from "@/lib/store/types";
import { isLoopbackAddress } from "@/lib/loopback";
import { hashing, whileHashingFails } from "./support/hashing";
import { createUser } from "./support/users";
import { ADDRESS_VOUCH_HEADER, FAILURE_WINDOW_MS, addressKey, clientAddress, dropClaimedAddress, signIn, vouchedAddress } from "@/lib/throttle";

vi.mock("@/lib/hashing-threads", async (real) => (await import("./support/hashing")).busyWhenAsked(real));

const PASSWORD = "correct-horse-battery-staple";
const from = (address: string) => ({ headers: new Headers({ "x-forwarded-for": address }) });

describe("signIn throttling", () => {
  it("locks an account after 5 failures in 15 minutes, with Retry-After, even for the right password", async () => {
    const now = Date.now();
    for (let i = 0; i < 5; i++) await expect(signIn("alice", "wrong", from(`10.0.0.${i}`), now)).rejects.toBeInstanceOf(InvalidCredentialsError);
    const locked = await signIn("ALICE", PASSWORD, from("10.0.1.1"), now + 1000).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(TooManyAttemptsError);
    expect(locked).toMatchObject({ retryAfterSeconds: FAILURE_WINDOW_MS / 1000 - 1 });
    // A new window: the account works again.
    await expect(signIn("alice", PASSWORD, from("10.0.1.1"), now + FAILURE_WINDOW_MS + 1)).resolves.toMatchObject({ username: "alice" });
  });

  it("keeps a locked account locked for the rest of its 15 minutes, not a shorter window", async () => {
    const { username } = createUser("member", PASSWORD);
    const now = Date.now();
    for (let i = 0; i < 5; i++) await expect(signIn(username, "wrong", from("10.0.9.1"), now)).rejects.toBeInstanceOf(InvalidCredentialsError);
    const stillLocked = await signIn(username, PASSWORD, from("10.0.9.2"), now + 14 * 60_000).catch((e: unknown) => e);
    expect(stillLocked).toBeInstanceOf(TooManyAttemptsError);
    expect(stillLocked).toMatchObject({ retryAfterSeconds: 60 });
  });

  it("lets a right password take back its own attempt only: the failures before it still count", async () => {
    const { username } = createUser("member", PASSWORD);
    const now = Date.now();
    for (let i = 0; i < 4; i++) await expect(signIn(username, "wrong", from("10.0.6.1"), now)).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(signIn(username, PASSWORD, from("10.0.6.2"), now)).resolves.toMatchObject({ username });
    await expect(signIn(username, "wrong", from("10.0.6.1"), now)).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(signIn(username, PASSWORD, from("10.0.6.2"), now)).rejects.toBeInstanceOf(TooManyAttemptsError);
  });

  it("counts unknown usernames the same way, so the limit says nothing about who exists", async () => {
    const now = Date.now();
    for (let i = 0; i < 5; i++) await expect(signIn("mallory", "x", from("10.0.2.1"), now)).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(signIn("mallory", "x", from("10.0.2.1"), now)).rejects.toBeInstanceOf(TooManyAttemptsError);
  });

  it("limits one client address across many accounts, generously", async () => {
    const now = Date.now();
    for (let i = 0; i < 100; i++) await expect(signIn(`nobody-${i}`, "x", from("10.9.9.9"), now)).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(signIn("bob", PASSWORD, from("10.9.9.9"), now)).rejects.toBeInstanceOf(TooManyAttemptsError);
    await expect(signIn("bob", PASSWORD, from("10.9.9.10"), now)).resolves.toMatchObject({ username: "bob" });
  }, 20_000);

  it("counts an IPv6 client by its /64: a subscriber's other addresses are the same client", async () => {
    const now = Date.now();
    const inOne64 = (i: number) => `2001:db8:77:1:${(i + 1).toString(16)}::${i.toString(16)}`;
    for (let i = 0; i < 100; i++) await expect(signIn(`nobody-v6-${i}`, "x", from(inOne64(i)), now)).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(signIn("bob", PASSWORD, from("2001:db8:77:1:ffff:ffff:ffff:ffff"), now)).rejects.toBeInstanceOf(TooManyAttemptsError);
    await expect(signIn("bob", PASSWORD, from("2001:db8:77:2::1"), now)).resolves.toMatchObject({ username: "bob" });
  }, 20_000);

  it.each([
    ["2001:DB8:1:2:aaaa:0:0:7", "address:2001:db8:1:2::/64"],
    ["2001:db8:0:0:1::1", "address:2001:db8::/64"],
    ["fe80::1%eth0", "address:fe80::/64"],
    ["::1", "address:::/64"],
    ["::ffff:192.0.2.1", "address:192.0.2.1"],
    ["::ffff:c000:201", "address:192.0.2.1"],
    ["64:ff9b::192.0.2.1", "address:192.0.2.1"],
    ["[2001:db8:1:2::9]:51234", "address:2001:db8:1:2::/64"],
    ["192.0.2.1:51234", "address:192.0.2.1"],
    ["192.0.2.1", "address:192.0.2.1"],
    ["unknown", "address:unknown"],
  ])("keys the address %s as %s", (address, key) => {
    expect(addressKey(address)).toBe(key);
  });

  it("counts guesses sent at once before their hashes finish: 5 are checked, the rest refused", async () => {
    const guesses = await Promise.allSettled(Array.from({ length: 20 }, () => signIn("carol-at-once", "wrong", from("10.0.3.1"))));
    const reasons = guesses.map((guess) => (guess.status === "rejected" ? guess.reason : guess.value));
    expect(reasons.filter((reason) => reason instanceof InvalidCredentialsError)).toHaveLength(5);
    expect(reasons.filter((reason) => reason instanceof TooManyAttemptsError)).toHaveLength(15);
  }, 20_000);

  it("lets a right password take its attempt back from the client address's count", async () => {
    const address = "10.0.4.1";
    for (let i = 0; i < 99; i++) await store().recordLoginFailure(`address:${address}`, FAILURE_WINDOW_MS, Date.now());
    // The 100th attempt fits the limit; had the first sign-in kept its count, the second would be the 101st.
    await expect(signIn("bob", PASSWORD, from(address))).resolves.toMatchObject({ username: "bob" });
    await expect(signIn("bob", PASSWORD, from(address))).resolves.toMatchObject({ username: "bob" });
    await expect(signIn("bob", "wrong", from(address))).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(signIn("bob", PASSWORD, from(address))).rejects.toBeInstanceOf(TooManyAttemptsError);
  });

  it("takes a refused attempt back from both counts: an address over its limit locks out no account", async () => {
    const address = "10.0.5.1";
    for (let i = 0; i < 100; i++) await store().recordLoginFailure(`address:${address}`, FAILURE_WINDOW_MS, Date.now());
    for (let i = 0; i < 6; i++) await expect(signIn("alice", "wrong", from(address))).rejects.toBeInstanceOf(TooManyAttemptsError);
    await expect(signIn("alice", PASSWORD, from("10.0.5.2"))).resolves.toMatchObject({ username: "alice" });
  });

  it("takes back an attempt it was too busy to check (503), from both counts", async () => {
    const { username } = createUser("member", PASSWORD);
    const address = "10.0.7.1";
    for (let i = 0; i < 99; i++) await store().recordLoginFailure(`address:${address}`, FAILURE_WINDOW_MS, Date.now());
    hashing.busy = true;
    try {
      for (let i = 0; i < 5; i++) await expect(signIn(username, PASSWORD, from(address))).rejects.toBeInstanceOf(SignInsBusyError);
    } finally {
      hashing.busy = false;
    }
    // Had they counted, the account would be at 6 of 5 and the address at 105 of 100.
    await expect(signIn(username, PASSWORD, from(address))).resolves.toMatchObject({ username });
  });

  it("takes back an attempt whose hashing thread failed (503), from both counts", async () => {
    const { username } = createUser("member", PASSWORD);
    const address = "10.0.7.2";
    for (let i = 0; i < 99; i++) await store().recordLoginFailure(`address:${address}`, FAILURE_WINDOW_MS, Date.now());
    await whileHashingFails(async () => {
      for (let i = 0; i < 5; i++) await expect(signIn(username, PASSWORD, from(address))).rejects.toBeInstanceOf(HashingFailedError);
    });
    // Had they counted, the account would be at 6 of 5 and the address at 105 of 100.
    await expect(signIn(username, PASSWORD, from(address))).resolves.toMatchObject({ username });
  });

  it("takes a busy attempt back from the window that counted it, not from the next", async () => {
    const { username } = createUser("member", PASSWORD);
    const start = Date.now();
    let answer = () => {};
    Object.assign(hashing, { busy: true, asked: 0, answered: new Promise<void>((resolve) => (answer = resolve)) });
    const late = signIn(username, "guess", from("10.0.8.1"), start);
    try {
      await vi.waitFor(() => expect(hashing.asked).toBe(1)); // counted, and queued for a thread
    } finally {
      Object.assign(hashing, { busy: false, answered: undefined });
    }
    const nextWindow = start + FAILURE_WINDOW_MS + 1;
    for (let i = 0; i < 5; i++) await expect(signIn(username, "wrong", from("10.0.8.2"), nextWindow)).rejects.toBeInstanceOf(InvalidCredentialsError);
    answer(); // the queue gives up on the first, in the next window
    await expect(late).rejects.toBeInstanceOf(SignInsBusyError);
    await expect(signIn(username, PASSWORD, from("10.0.8.2"), nextWindow)).rejects.toBeInstanceOf(TooManyAttemptsError);
  });

  it("reads the client address from the right end of X-Forwarded-For", () => {
    expect(clientAddress(from("1.1.1.1, 2.2.2.2"))).toBe("2.2.2.2");
    expect(clientAddress({ headers: new Headers() })).toBe("unknown");
  });

  it("without lib/incoming.ts screening requests, refuses to count by an address the client may have written", async () => {
    const screening = globalThis as { sessionLabDropsClaimedAddresses?: boolean };
    delete screening.sessionLabDropsClaimedAddresses;
    try {
      const refused = (() => {
        try {
          return clientAddress(from("192.0.2.1"));
        } catch (error) {
          return error;
        }
      })();
      expect(refused).toBeInstanceOf(ConfigError);
      expect(refused).toMatchObject({ message: expect.stringContaining("screenIncomingRequests() from instrumentation.ts") });
      await expect(signIn("alice", PASSWORD, from("192.0.2.1"))).rejects.toBeInstanceOf(ConfigError);
      // next-auth's sign-in cannot answer 500 (its own error page), but its log names the fix too.
      const log = vi.spyOn(console, "error").mockImplementation(() => {});
      await expect(authorizeCredentials({ username: "alice", password: PASSWORD }, { headers: {} })).rejects.toThrow(SIGN_IN_FAILED);
      expect(log.mock.calls.flat().join(" ")).toContain("screenIncomingRequests() from instrumentation.ts");
      log.mockRestore();
      // Behind trusted proxies the header is theirs, screened or not.
      process.env.TRUSTED_PROXY_HOPS = "1";
      vi.resetModules();
      const { clientAddress: behindOne } = await import("@/lib/throttle");
      expect(behindOne(from("192.0.2.1"))).toBe("192.0.2.1");
    } finally {
      delete process.env.TRUSTED_PROXY_HOPS;
      screening.sessionLabDropsClaimedAddresses = true;
    }
  });

  it("behind two trusted proxies, takes the entry the outer one appended, not the client's own", async () => {
    process.env.TRUSTED_PROXY_HOPS = "2";
    vi.resetModules(); // a fresh lib/env.ts reads the setting again
    try {
      const { clientAddress: behindTwo } = await import("@/lib/throttle");
      expect(behindTwo(from("6.6.6.6, 1.1.1.1, 10.0.0.9"))).toBe("1.1.1.1"); // claimed, seen by the outer proxy, seen by the inner
      expect(behindTwo(from("1.1.1.1, 10.0.0.9"))).toBe("1.1.1.1");
      expect(behindTwo(from("10.0.0.9"))).toBe("10.0.0.9"); // fewer entries than proxies: the first there is
    } finally {
      delete process.env.TRUSTED_PROXY_HOPS;
    }
  });
});

describe("dropClaimedAddress", () => {
  const arriving = (remoteAddress: string) => {
    const headers: Record<string, string> = { "x-forwarded-for": "192.0.2.77" };
    return { headers, socket: { remoteAddress } };
  };
  const claimed = (request: ReturnType<typeof arriving>) => request.headers["x-forwarded-for"];

  it("drops an address claimed by a client on another machine, so Next.js writes the connection's", () => {
    for (const peer of ["203.0.113.5", "::ffff:203.0.113.5", "2001:db8::1", "128.0.0.1"]) {
      const request = arriving(peer);
      dropClaimedAddress(request);
      expect(claimed(request), peer).toBeUndefined();
    }
  });

  it("drops one sent from this machine too: a proxy on it may pass on what its client wrote", () => {
    for (const peer of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) {
      const request = arriving(peer);
      dropClaimedAddress(request);
      expect(claimed(request), peer).toBeUndefined();
    }
  });

  it("keeps one this process vouched for, sent to itself: the attack lab names its own addresses", () => {
    const vouched = vouchedAddress("2001:db8::7");
    for (const peer of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      const request = { headers: { ...vouched }, socket: { remoteAddress: peer } };
      dropClaimedAddress(request);
      expect(request.headers, peer).toEqual({ "x-forwarded-for": "2001:db8::7" }); // the vouch goes no further
    }
  });

  it("drops one vouched for from another machine, or with any other vouch", () => {
    const vouched = vouchedAddress("2001:db8::7");
    const wrong = (vouch: string) => ({ ...vouched, [ADDRESS_VOUCH_HEADER]: vouch });
    const value = vouched[ADDRESS_VOUCH_HEADER] ?? "";
    const tries = [
      { headers: vouched, remoteAddress: "203.0.113.5" },
      { headers: wrong(""), remoteAddress: "127.0.0.1" },
      { headers: wrong(`${value.slice(0, -1)}${value.endsWith("A") ? "B" : "A"}`), remoteAddress: "127.0.0.1" },
      { headers: wrong(`${value}A`), remoteAddress: "127.0.0.1" },
    ];
    for (const { headers, remoteAddress } of tries) {
      const request = { headers: { ...headers }, socket: { remoteAddress } };
      dropClaimedAddress(request);
      expect(request.headers, `${remoteAddress} ${headers[ADDRESS_VOUCH_HEADER]}`).toEqual({});
    }
  });

  it("keeps it from anywhere behind trusted proxies, which append the address they saw", async () => {
    process.env.TRUSTED_PROXY_HOPS = "1";
    vi.resetModules(); // a fresh lib/env.ts reads the setting again
    try {
      const { dropClaimedAddress: behindProxies } = await import("@/lib/throttle");
      const request = arriving("203.0.113.5");
      behindProxies(request);
      expect(claimed(request)).toBe("192.0.2.77");
    } finally {
      delete process.env.TRUSTED_PROXY_HOPS;
    }
  });

  it("knows loopback by address, not by a name or a prefix that only looks like one", () => {
    expect([undefined, "localhost", "127.0.0.1.evil", "::ffff:10.0.0.1", "::2"].map(isLoopbackAddress)).toEqual([false, false, false, false, false]);
  });
});

describe("signIn when the store records one of its two counts and fails the other", () => {
  it("takes back the count it did record, so an answer of 503 counts against no one", async () => {
    const holder = globalThis as { sessionLabStore?: SessionStore };
    const sqlite = holder.sessionLabStore;
    const redis = new Redis(inject("redisUrl"), { lazyConnect: true });
    holder.sessionLabStore = redisStore(inject("redisUrl"));
    const { username } = createUser("member", PASSWORD);
    const accountCount = `session-lab:failures:account:${username}`;
    const addressCount = "session-lab:failures:address:192.0.2.99";
    try {
      // A value of the wrong type fails the address's count in Redis itself, after the account's has landed.
      await redis.set(addressCount, "not a hash");
      await expect(signIn(username, PASSWORD, from("192.0.2.99"))).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(await redis.hget(accountCount, "count")).toBe("0");
    } finally {
      await redis.del(addressCount, accountCount);
      redis.disconnect();
      await holder.sessionLabStore.close();
      holder.sessionLabStore = sqlite;
    }
  });
});
