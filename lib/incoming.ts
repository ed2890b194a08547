import "server-only";
import http from "node:http";
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
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
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
  noteClaimedAddressesDropped();
}
