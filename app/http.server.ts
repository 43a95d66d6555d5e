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
