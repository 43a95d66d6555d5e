import { randomBytes } from "node:crypto";
import { NETWORKS, SHARE_PAGE_ORIGINS } from "./domain/networks";
import type { LinkService } from "./domain/links.server";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface HeaderOptions {
  dev: boolean;
  /** The app is served over https (an https APP_URL): browsers are told to keep using https (HSTS). */
  https?: boolean;
}

/** Form targets besides our own pages: the networks' share pages, which a share form redirects to. */
const FORM_ACTION = ["'self'", ...new Set(NETWORKS.flatMap((n) => SHARE_PAGE_ORIGINS[n]))].join(" ");

/**
 * Security headers for every response: pages, error answers from the edge and the tracked-link 404
 * alike. The nonce lets Remix's own inline scripts run.
 */
export function securityHeaders(nonce: string, options: HeaderOptions): Record<string, string> {
  const scriptSrc = options.dev ? "'self' 'unsafe-inline'" : `'self' 'nonce-${nonce}'`;
  const connectSrc = options.dev ? "'self' ws://localhost:* ws://127.0.0.1:*" : "'self'";
  return {
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src ${scriptSrc}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: https:",
      `connect-src ${connectSrc}`,
      // The installable app (decision 017): its service worker (/sw.js) and manifest, from this origin only.
      "worker-src 'self'",
      "manifest-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      `form-action ${FORM_ACTION}`,
      "object-src 'none'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** A fresh nonce per response. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * Whether an Origin header names one of the app's own origins: scheme, host and port all equal
 * (URL.origin drops default ports, so https://a and https://a:443 are one origin). "null" and
 * anything unparsable never match.
 */
export function isSameOrigin(origin: string | null | undefined, ownOrigins: readonly string[]): boolean {
  if (!origin || origin === "null") return false;
  let parsed: string;
  try {
    parsed = new URL(origin).origin;
  } catch {
    return false;
  }
  return parsed !== "null" && ownOrigins.some((own) => own === parsed);
}

/**
 * GET /l/<code>: 302 to the item's stored URL (with UTM tags) and the click recorded; 404 otherwise, 400
 * for a code that is not valid percent-encoding. Never rejects: every failure is an answer.
 */
export async function serveTrackedLink(
  links: LinkService,
  req: IncomingMessage,
  res: ServerResponse,
  options: HeaderOptions = { dev: false },
): Promise<void> {
  const page = (status: number, title: string, text: string) => {
    res.writeHead(status, {
      ...securityHeaders(newNonce(), options),
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
    });
    res.end(`<!doctype html><title>${title}</title><p>${text}</p>`);
  };
  let code: string;
  try {
    const url = req.url ?? "";
    const end = url.search(/[?#]/);
    const encoded = end < 0 ? url.slice(3) : url.slice(3, end);
    code = encoded.includes("%") ? decodeURIComponent(encoded) : encoded;
  } catch {
    return page(400, "Bad link", "This link is malformed. Check that it was copied whole.");
  }
  try {
    const forwarded = req.headers["x-forwarded-for"];
    const visitor = {
      ip:
        (typeof forwarded === "string" && req.socket.remoteAddress?.startsWith("127.")
          ? (forwarded.split(",")[0] ?? "").trim()
          : req.socket.remoteAddress) ?? "",
      userAgent: req.headers["user-agent"] ?? "",
    };
    // Most visits are of a code already resolved: answered without waiting on a promise.
    const destination = links.clickCached(code, visitor) ?? (await links.click(code, visitor));
    if (!destination) return page(404, "Link not found", "This link does not exist or has been removed.");
    const headers: Record<string, string> = {
      Location: destination,
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer-when-downgrade",
    };
    if (options.https) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
    res.writeHead(302, headers);
    res.end();
  } catch {
    if (res.headersSent) return void res.destroy();
    res.writeHead(503, { "Content-Type": "text/plain", "Retry-After": "5" });
    res.end("Temporarily unavailable");
  }
}
