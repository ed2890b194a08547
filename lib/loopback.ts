/** The hostnames of this machine's own loopback, which browsers treat as a secure context even over http. */
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

export const isLoopbackHost = (hostname: string): boolean => LOOPBACK.has(hostname);
