import { nextAuthRevocationLab, revocationLabRoute } from "@/lib/lab/revocation";

// next-auth clears its own cookie on the next session read, once it sees the session is dead.
export const { POST } = revocationLabRoute(nextAuthRevocationLab);
