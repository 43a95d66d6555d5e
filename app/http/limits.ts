/**
 * How large a request body may be, declared once for the whole app. The edge (server.ts, through
 * app/http/body-limit.server.ts) counts every body while it streams in and answers 413 the moment a
 * body passes its route's limit, before Remix or a route reads it; routes and pages quote these
 * numbers instead of keeping their own. Plain constants, so browser code (the import page) can use them.
 */
const MB = 1024 * 1024;

/** Every form post and any route not listed below: sign-in, studio editors, settings. */
export const DEFAULT_BODY_LIMIT = 1 * MB;

/**
 * Routes that need more, by exact canonical path (see canonicalPath). A path that only resembles one
 * of these (other case, trailing slash, encoded letters) gets the default, which fails safe.
 */
/** JSON batches from listening tools (POST /api/mentions). */
export const MENTIONS_API_BODY_LIMIT = 2 * MB;
/** The CSV file itself, streamed into the import line by line (never held whole). */
export const CSV_IMPORT_BODY_LIMIT = 50 * MB;

export const ROUTE_BODY_LIMITS: Readonly<Record<string, number>> = {
  "/api/mentions": MENTIONS_API_BODY_LIMIT,
  "/mentions/import": CSV_IMPORT_BODY_LIMIT,
};

/** The limit for a request to this canonical path. */
export function bodyLimitFor(path: string): number {
  return (Object.hasOwn(ROUTE_BODY_LIMITS, path) ? ROUTE_BODY_LIMITS[path] : undefined) ?? DEFAULT_BODY_LIMIT;
}

/** "2 MB", "512 KB": limits as people read them. */
export function formatBytes(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
