/**
 * The one "not found" answer for loaders and actions: `throw notFound()` (or with a message the error boundary
 * shows, such as "This item is not available to share."). Remix renders thrown responses through the route's
 * ErrorBoundary.
 */
export function notFound(message = "Not found"): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}
