import { problem } from "@/lib/http";

// Any /api path no route claims, /api itself included: a problem like every other API error,
// not the HTML not-found page. Routes with a fixed path always win over this catch-all.
const notFound = async () => problem({ status: 404, title: "Not Found", detail: "There is no such API endpoint." });

// OPTIONS too: Next.js would answer it with a 204 listing methods that all answer 404.
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as OPTIONS };
