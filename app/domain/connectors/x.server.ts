import { z } from "zod";
import {
  apiBase,
  callLookup,
  callNetwork,
  carriesLink,
  retryAfter,
  safeJson,
  type FindInput,
  type FindResult,
  type PostInput,
  type PublishResult,
} from "./types";

export const X_API = () => apiBase(process.env.X_API_BASE, process.env.X_CLIENT_ID, "https://api.x.com");

const created = z.object({ data: z.object({ id: z.string(), text: z.string() }) });
const problem = z.object({ detail: z.string().optional(), title: z.string().optional() }).passthrough();
/** GET /2/users/:id/tweets: `data` is absent when there are none; links in `text` are t.co, the originals in entities. */
const timeline = z.object({
  data: z
    .array(
      z
        .object({
          id: z.string(),
          text: z.string(),
          entities: z
            .object({ urls: z.array(z.object({ expanded_url: z.string().optional() }).passthrough()).optional() })
            .passthrough()
            .optional(),
        })
        .passthrough(),
    )
    .optional(),
  meta: z.object({ result_count: z.number(), next_token: z.string().optional() }).passthrough(),
});

const tweetUrl = (id: string) => `https://x.com/i/web/status/${id}`;

/** X API v2: POST /2/tweets with the text (the tracked link is part of it). */
export function publishToX(post: PostInput): Promise<PublishResult> {
  return callNetwork(async (signal) => {
    const response = await fetch(`${X_API()}/2/tweets`, {
      method: "POST",
      signal,
      headers: { Authorization: `Bearer ${post.accessToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ text: post.text }),
    });
    const json = await safeJson(response);
    if (response.status === 201 || response.status === 200) {
      const parsed = created.safeParse(json);
      // X said yes but we cannot read the id: it is posted, yet we cannot prove which one it is.
      if (!parsed.success)
        return { kind: "unknown", message: "X accepted the post but answered in an unexpected shape" };
      return { kind: "published", externalId: parsed.data.data.id, url: tweetUrl(parsed.data.data.id) };
    }
    const said = problem.safeParse(json).data?.detail ?? "";
    if (response.status === 429) {
      const reset = Number(response.headers.get("x-rate-limit-reset"));
      return {
        kind: "retry",
        message: "X's rate limit was reached",
        retryAt: Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : retryAfter(response),
      };
    }
    // A server error does not prove the tweet was not created (X has answered 503 for tweets it then showed).
    if (response.status >= 500)
      return {
        kind: "unknown",
        message: `X had a server error (${response.status}), so we cannot tell yet whether it posted`,
      };
    if (response.status === 401) return { kind: "unauthorized", message: "X no longer accepts this connection" };
    if (response.status === 403 && /duplicate/i.test(said)) {
      return {
        kind: "duplicate",
        message: "X refused this post because you already posted the same text. Change the wording and share again.",
      };
    }
    return { kind: "failed", message: `X refused the post (${response.status})${said ? `: ${said}` : ""}` };
  });
}

/**
 * Looks for this share's tweet among the user's tweets since `since` (needs tweet.read, which Chorus asks
 * for): a tweet carrying our tracked link is ours. Up to five pages of 100.
 */
export function findXPost(input: FindInput): Promise<FindResult> {
  return callLookup(async (signal) => {
    let token: string | undefined;
    for (let page = 0; page < 5; page++) {
      const url = new URL(`${X_API()}/2/users/${encodeURIComponent(input.accountExternalId)}/tweets`);
      url.searchParams.set("max_results", "100");
      url.searchParams.set("start_time", input.since.toISOString().replace(/\.\d{3}Z$/, "Z"));
      url.searchParams.set("tweet.fields", "created_at,entities");
      if (token) url.searchParams.set("pagination_token", token);
      const response = await fetch(url, { signal, headers: { Authorization: `Bearer ${input.accessToken}` } });
      const json = await safeJson(response);
      if (response.status === 429) {
        // X says when the window resets (epoch seconds); the look waits for it instead of counting as failed.
        const reset = Number(response.headers.get("x-rate-limit-reset"));
        const retryAt = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : retryAfter(response);
        return {
          kind: "unavailable",
          message: "X's rate limit for reading tweets was reached",
          ...(retryAt ? { retryAt } : {}),
        };
      }
      if (!response.ok)
        return {
          kind: "unavailable",
          message: `X answered ${response.status}${problem.safeParse(json).data?.detail ? `: ${problem.parse(json).detail}` : ""}`,
        };
      const parsed = timeline.safeParse(json);
      if (!parsed.success) return { kind: "unavailable", message: "X listed the tweets in an unexpected shape" };
      const mine = parsed.data.data?.find((tweet) => carriesLink(tweet, input.linkCode));
      if (mine) return { kind: "found", externalId: mine.id, url: tweetUrl(mine.id) };
      token = parsed.data.meta.next_token;
      if (!token) return { kind: "absent" };
    }
    return { kind: "unavailable", message: "more tweets since then than we can look through" };
  });
}
