import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/nextauth/config";

// next-auth's own endpoints (/api/auth/csrf, /callback/credentials, /session, /signout).
// Options are built on the first request, so `next build` needs no secrets.
function handler(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  return NextAuth(request, context, authOptions());
}

export { handler as GET, handler as POST };
