import type { IncomingMessage, ServerResponse } from "node:http";
import type { LinkService } from "./domain/links.server";

/** Security headers for every response; the nonce lets Remix's own inline scripts run. */
export function securityHeaders(nonce: string, options: { dev: boolean }): Record<string, string> {
  const scriptSrc = options.dev ? "'self' 'unsafe-inline'" : `'self' 'nonce-${nonce}'`;
  const connectSrc = options.dev ? "'self' ws://localhost:* ws://127.0.0.1:*" : "'self'";
  return {
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src ${scriptSrc}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: https:",
      `connect-src ${connectSrc}`,
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self' https://www.linkedin.com",
      "object-src 'none'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
}

/** Whether an Origin (or Referer) belongs to this site: the Host it was sent to, or APP_URL. */
export function isSameOrigin(origin: string | null, host: string, appUrl?: string): boolean {
  if (!origin) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (appUrl && parsed.origin === new URL(appUrl).origin) return true;
  return parsed.host === host;
}

/** GET /l/<code>: 302 to the item's stored URL (with UTM tags) and the click recorded; 404 otherwise. */
export async function serveTrackedLink(links: LinkService, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const code = decodeURIComponent((req.url ?? "").slice(3).split(/[?#]/)[0] ?? "");
  try {
    const forwarded = req.headers["x-forwarded-for"];
    const ip = (typeof forwarded === "string" && req.socket.remoteAddress?.startsWith("127.") ? forwarded.split(",")[0]!.trim() : req.socket.remoteAddress) ?? "";
    const destination = await links.click(code, { ip, userAgent: req.headers["user-agent"] ?? "" });
    if (!destination) {
      res.writeHead(404, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
      res.end("<!doctype html><title>Link not found</title><p>This link does not exist or has been removed.</p>");
      return;
    }
    res.writeHead(302, { Location: destination, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer-when-downgrade" });
    res.end();
  } catch {
    res.writeHead(503, { "Content-Type": "text/plain", "Retry-After": "5" });
    res.end("Temporarily unavailable");
  }
}
