/** What a network said about one post attempt, in the terms dispatch acts on. */
export type PublishResult =
  | { kind: "published"; externalId: string; url: string | null }
  /** Refused before anything was posted (429, connection refused, DNS): try again, no earlier than retryAt. */
  | { kind: "retry"; message: string; retryAt: Date | null }
  /**
   * The request may have reached the network and we do not know what it did (timeout, connection reset
   * after sending, 5xx): never sent again blindly. Dispatch asks the network where it can (decision 013).
   */
  | { kind: "unknown"; message: string }
  /** The network says this exact post already exists (X's duplicate rule): dispatch looks for it. */
  | { kind: "duplicate"; message: string }
  /** 401 / revoked or expired token: the account needs reconnecting. */
  | { kind: "unauthorized"; message: string }
  /** Any other refusal (duplicate, invalid content): final, with the network's reason in plain words. */
  | { kind: "failed"; message: string };

/** What the network's own listing says about a post whose outcome is unknown. */
export type FindResult =
  | { kind: "found"; externalId: string; url: string | null }
  /** Listed the posts since `since` and ours is not among them: safe to send again. */
  | { kind: "absent" }
  /**
   * Could not look (error, rate limit, missing permission): ask again later, or leave it to a person.
   * `retryAt`: the network rate-limited the look-up and said when it may be asked again.
   */
  | { kind: "unavailable"; message: string; retryAt?: Date };

export interface FindInput {
  accessToken: string;
  accountExternalId: string;
  pageId?: string | null;
  /** Our tracked link's code: unique per share, so a post carrying it is this share's post. */
  linkCode: string;
  /** No post of this share can be older than this. */
  since: Date;
}

export interface PostInput {
  accessToken: string;
  /** LinkedIn person id, X user id, or Facebook page id. */
  accountExternalId: string;
  pageId?: string | null;
  text: string;
  link: string;
  title: string;
  summary: string;
}

/** Per-call timeout; NETWORK_TIMEOUT_MS overrides it (tests, slow networks). */
export const requestTimeoutMs = () => Number(process.env.NETWORK_TIMEOUT_MS ?? 15_000);

export async function safeJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** Retry-After as seconds or an HTTP date. */
export function retryAfter(response: Response, now = Date.now()): Date | null {
  const value = response.headers.get("retry-after");
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return new Date(now + seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : new Date(date);
}

/** Connection errors that happen before a byte of the request left: nothing can have been posted. */
const BEFORE_SENDING = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function errorCodes(error: unknown, seen = new Set<unknown>()): string[] {
  if (!error || typeof error !== "object" || seen.has(error)) return [];
  seen.add(error);
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof e.code === "string" ? [e.code] : [];
  const nested = Array.isArray(e.errors) ? e.errors.flatMap((x) => errorCodes(x, seen)) : [];
  return [...own, ...errorCodes(e.cause, seen), ...nested];
}

/** True when fetch failed while connecting (refused, DNS): the request never reached the network. */
export function failedBeforeSending(error: unknown): boolean {
  const codes = errorCodes(error);
  return codes.length > 0 && codes.every((c) => BEFORE_SENDING.has(c));
}

/**
 * Runs a network call. Only a failure to connect is a retry; a timeout or a connection that broke once
 * the request was on its way is an unknown outcome, because the network may have posted it anyway.
 */
export async function callNetwork(run: (signal: AbortSignal) => Promise<PublishResult>): Promise<PublishResult> {
  try {
    return await run(AbortSignal.timeout(requestTimeoutMs()));
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError") {
      return {
        kind: "unknown",
        message: "The network did not answer in time, so we cannot tell yet whether it received the post",
      };
    }
    if (failedBeforeSending(error)) {
      const code = errorCodes(error)[0];
      return {
        kind: "retry",
        message: `Could not reach the network (${code === "ECONNREFUSED" ? "connection refused" : code === "ENOTFOUND" || code?.startsWith("EAI_") ? "address not found" : code})`,
        retryAt: null,
      };
    }
    return {
      kind: "unknown",
      message:
        "The connection to the network broke while the post was being sent, so we cannot tell yet whether it received it",
    };
  }
}

/** Runs a read-only lookup with the same timeout; any failure means we could not look. */
export async function callLookup(run: (signal: AbortSignal) => Promise<FindResult>): Promise<FindResult> {
  try {
    return await run(AbortSignal.timeout(requestTimeoutMs()));
  } catch (error) {
    const name = (error as Error).name;
    return {
      kind: "unavailable",
      message:
        name === "TimeoutError"
          ? "the network did not answer in time"
          : `could not reach the network (${(error as Error).message})`,
    };
  }
}

/** True when `value` (a post as the network lists it) carries the tracked link /l/<code>, even URL-encoded. */
export function carriesLink(value: unknown, linkCode: string): boolean {
  const raw = JSON.stringify(value) ?? "";
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // not URI-encoded as a whole; the raw text is checked below
  }
  const needle = new RegExp(`/l/${linkCode.replace(/[^\w-]/g, "")}(?![\\w-])`);
  return needle.test(raw) || needle.test(decoded);
}

/**
 * A network's API base URL. The override (tests, the benchmark, the chaos test's local network) is
 * honoured only outside production or while that network's credentials are mock ones, so a real
 * deployment never sends tokens anywhere but the network.
 */
export function apiBase(override: string | undefined, credential: string | undefined, real: string): string {
  if (!override) return real;
  if (process.env.NODE_ENV !== "production" || (credential ?? "MOCK_").startsWith("MOCK_"))
    return override.replace(/\/$/, "");
  return real;
}
