import "server-only";
import { isIPv4 } from "node:net";

/** The hostnames of this machine's own loopback, which browsers treat as a secure context even over http. */
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

export const isLoopbackHost = (hostname: string): boolean => LOOPBACK.has(hostname);

/** Whether a socket's peer is this machine: 127.0.0.0/8 or ::1, IPv4-mapped or not. */
export function isLoopbackAddress(address: string | undefined): boolean {
  const ip = address?.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return ip === "::1" || (ip !== undefined && isIPv4(ip) && ip.startsWith("127."));
}

/**
 * This very server, on loopback: where the labs send what they craft. Never taken from
 * the request, so a lab cannot be pointed at another host.
 */
export function loopbackOrigin(): string {
  return `http://127.0.0.1:${process.env.PORT ?? "3000"}`;
}
