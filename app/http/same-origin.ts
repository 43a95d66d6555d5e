/**
 * The one list of endpoints that accept a mutation from another origin. Every other non-GET/HEAD/OPTIONS
 * request must carry an Origin header naming the app's own origin (app/http/edge.server.ts), because
 * browsers attach our session cookie to requests any site makes. An endpoint belongs here only when the
 * party calling it authenticates with credentials of its own that a browser never adds by itself (a bearer
 * token, a signed SAML response, a SCIM token, an unsubscribe token in the URL), and it ignores cookies.
 *
 * Paths are exact canonical paths (see canonicalPath): no prefixes, no other case, no trailing slash.
 */
export const CROSS_ORIGIN_ENDPOINTS: readonly { method: string; path: string; caller: string }[] = [
  { method: "POST", path: "/api/mentions", caller: "listening tools, with an API token in Authorization: Bearer" },
  // Later: SAML assertion consumer, SCIM 2.0, one-click unsubscribe (RFC 8058).
];

/** Methods that never change anything, so any origin may send them. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossOriginEndpoint(method: string, canonicalPath: string): boolean {
  return CROSS_ORIGIN_ENDPOINTS.some((e) => e.method === method && e.path === canonicalPath);
}
