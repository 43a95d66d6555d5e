/** What a network said about one post attempt, in the terms dispatch acts on. */
export type PublishResult =
  | { kind: "published"; externalId: string; url: string | null }
  /** 429, 5xx, timeouts: try again, no earlier than retryAt when the network said when. */
  | { kind: "retry"; message: string; retryAt: Date | null }
  /** 401 / revoked or expired token: the account needs reconnecting. */
  | { kind: "unauthorized"; message: string }
  /** Any other refusal (duplicate, invalid content): final, with the network's reason in plain words. */
  | { kind: "failed"; message: string };

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

/** Runs a network call; timeouts and connection failures become a retry. */
export async function callNetwork(run: (signal: AbortSignal) => Promise<PublishResult>): Promise<PublishResult> {
  try {
    return await run(AbortSignal.timeout(requestTimeoutMs()));
  } catch (error) {
    const name = (error as Error).name;
    const message = name === "TimeoutError" || name === "AbortError" ? "The network did not answer in time" : `Could not reach the network (${(error as Error).message})`;
    return { kind: "retry", message, retryAt: null };
  }
}
