/**
 * The one "not found" answer for loaders and actions: `throw notFound()` (or with a message the error boundary
 * shows, such as "This item is not available to share."). Remix renders thrown responses through the route's
 * ErrorBoundary.
 */
export function notFound(message = "Not found"): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

/**
 * A JSON answer for the API-style resource routes (the mentions API, the CSV upload): never cached, with extra
 * headers such as `Allow` or `Retry-After` when the answer needs them.
 */
export function jsonAnswer(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}
