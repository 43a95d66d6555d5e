import { newNonce, securityHeaders, isSameOrigin, type HeaderOptions } from "../http.server";
import { bodyLimitFor, formatBytes } from "./limits";
import { isCrossOriginEndpoint, SAFE_METHODS } from "./same-origin";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The HTTP edge: what every request passes before Express and Remix see it (server.ts). It answers
 * here, with a 4xx and the usual security headers, whatever the app could not route safely:
 * a request target or Host that is not well formed (400), a mutation from another origin (403) and
 * a body declared larger than its route's limit (413). Bodies sent without a length are counted while
 * they stream (body-limit.server.ts).
 */
export interface EdgeOptions extends HeaderOptions {
  /** The public URL; when set, it is the app's only origin. */
  appUrl?: string;
}

export type Admission = { ok: true; path: string } | { ok: false; status: 400 | 403 | 413; message: string };

export const EDGE_MESSAGES = {
  badTarget: "The address is malformed (broken percent-encoding or an invalid form). Check the link and try again.",
  badHost: "The Host header is not a valid host name.",
  crossOrigin: "Cross-site request refused: the Origin header does not match this site.",
  tooLarge: (limit: number) => `The request body is larger than ${formatBytes(limit)}, the limit for this address.`,
};

/**
 * The path Remix will route, resolved the way it resolves it (WHATWG URL: `..` and `%2e%2e` segments
 * removed, backslashes read as slashes), or null when the target is not an origin-form path or holds a
 * malformed percent-encoding anywhere (path or query), which no honest client sends.
 */
export function canonicalPath(target: string): string | null {
  if (!target.startsWith("/")) return null;
  try {
    decodeURIComponent(target);
    return new URL(`http://edge.invalid${target}`).pathname;
  } catch {
    return null;
  }
}

// A host name or IPv4 address, or a bracketed IPv6 address, with an optional port: nothing that could
// smuggle a path, a user or a query into the URL Remix builds from it.
const HOST_HEADER =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function isValidHost(host: string | undefined): host is string {
  return host !== undefined && host.length <= 255 && HOST_HEADER.test(host);
}

/** The app's own origins: APP_URL's when it is set, else the one this request was addressed to. */
export function ownOrigins(req: IncomingMessage, appUrl?: string): string[] {
  if (appUrl) return [new URL(appUrl).origin];
  const host = req.headers.host;
  if (!isValidHost(host)) return [];
  // A proxy on this machine (loopback, as Express's "trust proxy" setting) may say the visitor used https.
  const fromLoopback = /^(127\.|::1$|::ffff:127\.)/.test(req.socket.remoteAddress ?? "");
  const forwarded = fromLoopback ? (String(req.headers["x-forwarded-proto"] ?? "").split(",")[0] ?? "").trim() : "";
  const scheme = "encrypted" in req.socket && req.socket.encrypted ? "https" : forwarded === "https" ? "https" : "http";
  try {
    return [new URL(`${scheme}://${host}`).origin];
  } catch {
    return [];
  }
}

/**
 * Whether a request may go on to the app. The same-origin rule: every method but GET, HEAD and OPTIONS
 * needs an Origin header naming the app's own origin, except the endpoints listed in same-origin.ts,
 * matched on the canonical path and method exactly.
 */
export function admit(req: IncomingMessage, options: EdgeOptions): Admission {
  const path = canonicalPath(req.url ?? "");
  if (path === null) return { ok: false, status: 400, message: EDGE_MESSAGES.badTarget };
  const forwardedHost = req.headers["x-forwarded-host"];
  if (!isValidHost(req.headers.host) || (forwardedHost !== undefined && !isValidHost(String(forwardedHost)))) {
    return { ok: false, status: 400, message: EDGE_MESSAGES.badHost };
  }
  const method = req.method ?? "GET";
  if (!SAFE_METHODS.has(method) && !isCrossOriginEndpoint(method, path)) {
    if (!isSameOrigin(req.headers.origin, ownOrigins(req, options.appUrl)))
      return { ok: false, status: 403, message: EDGE_MESSAGES.crossOrigin };
  }
  const limit = bodyLimitFor(path);
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) return { ok: false, status: 413, message: EDGE_MESSAGES.tooLarge(limit) };
  return { ok: true, path };
}

/**
 * Answers a request the edge refuses or the app failed on: a short HTML page for browsers, JSON
 * `{ error }` for everything else (APIs, the import page's upload), with the security headers. When the
 * request body has not been read, what is left is discarded for at most two seconds, then the
 * connection is closed: an oversized upload never sits in memory and never holds a connection long.
 */
export function answer(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: string,
  options: HeaderOptions,
): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.destroy();
    return;
  }
  const html = /text\/html/i.test(req.headers.accept ?? "");
  const body = html ? page(status, message) : JSON.stringify({ error: message });
  res.writeHead(status, {
    ...securityHeaders(newNonce(), options),
    "Content-Type": html ? "text/html; charset=utf-8" : "application/json",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  if (req.complete) return void res.end(body);
  lingerAfterAnswer(req, res, body);
}

/**
 * An answer sent before the request's body is all in (a 413 while it streams). Ending the response at once
 * lets Node close the socket while the client is still writing; the client then meets a reset, and Linux
 * drops the answer it had not read yet, so the client sees EPIPE instead of the 413. The answer is written
 * whole (its Content-Length lets the client finish reading it), the rest of the body is read and dropped,
 * and the response ends once the body ends, the client leaves, or after 2 s at most.
 */
function lingerAfterAnswer(req: IncomingMessage, res: ServerResponse, body: string): void {
  res.write(body);
  req.unpipe();
  req.resume();
  const finish = () => {
    clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  const timer = setTimeout(() => {
    finish();
    req.socket?.destroy();
  }, 2000);
  timer.unref();
  req.once("end", finish);
  req.once("close", finish);
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  403: "Refused",
  404: "Not found",
  413: "Too large",
  500: "Something went wrong",
};

const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

function page(status: number, message: string): string {
  const title = TITLES[status] ?? `Error ${status}`;
  const escaped = message.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c);
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title} · Chorus</title><h1>${title}</h1><p>${escaped}</p><p><a href="/">Go to Chorus</a></p></html>`;
}
