import "server-only";
import http from "node:http";
import https from "node:https";
import { dropClaimedAddress, noteClaimedAddressesDropped } from "./throttle";
import { forwardedProtocol } from "./origin";
import { readable, refusalOf, refuse } from "./unparsable";

let patched = false;

/**
 * Looks at every request where Node's HTTP server hands it to Next.js, before Next.js
 * reads it: refuses what Next.js would fail on (lib/unparsable.ts), and drops a client
 * address that nobody trusted vouches for (lib/throttle.ts).
 */
export function screenIncomingRequests(): void {
  if (patched) return;
  patched = true;
  screen(http.Server.prototype);
  screen(https.Server.prototype); // a tls.Server, not an http.Server: `next dev --experimental-https` makes one
  noteClaimedAddressesDropped();
}

function screen(server: http.Server | https.Server): void {
  const emit = server.emit;
  server.emit = function (this: typeof server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      const refusal = refusalOf(request);
      if (refusal) {
        refuse(response, refusal, forwardedProtocol(readable(request.headers)) === "https");
        return true;
      }
      dropClaimedAddress(request);
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  };
}
