import { delay, http, HttpResponse } from "msw";
import { mockPosts, nextMockId, type MockPost } from "./network-log";

/** X API v2 (tweets, users/me) and its OAuth 2.0 token endpoint, with X's real shapes. */
const unauthorized = () =>
  HttpResponse.json(
    { title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" },
    { status: 401 },
  );

export const xHandlers = [
  http.post("https://api.twitter.com/2/oauth2/token", async ({ request }) => {
    const body = new URLSearchParams(await request.text());
    const grant = body.get("grant_type");
    const code = body.get("code") ?? "";
    if (
      (grant === "authorization_code" && code.startsWith("mock_") && body.get("code_verifier")) ||
      (grant === "refresh_token" && body.get("refresh_token")?.startsWith("mock_"))
    ) {
      return HttpResponse.json({
        token_type: "bearer",
        expires_in: 7200,
        access_token: `mock_x_${nextMockId()}`,
        scope: "tweet.write users.read tweet.read offline.access",
        refresh_token: `mock_x_refresh_${nextMockId()}`,
      });
    }
    return HttpResponse.json(
      { error: "invalid_request", error_description: "Value passed for the authorization code was invalid." },
      { status: 400 },
    );
  }),

  http.get("https://api.x.com/2/users/me", ({ request }) => {
    if (!request.headers.get("authorization")?.startsWith("Bearer mock_")) return unauthorized();
    return HttpResponse.json({ data: { id: "1560000000000000001", name: "Mock Advocate", username: "mock_advocate" } });
  }),

  http.post("https://api.x.com/2/tweets", async ({ request }) => {
    const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    if (!token) return unauthorized();
    const { text } = (await request.json()) as { text?: string };
    if (!text) {
      return HttpResponse.json(
        {
          errors: [{ message: "$.text: is missing but it is required" }],
          title: "Invalid Request",
          detail: "One or more parameters to your request was invalid.",
          type: "https://api.twitter.com/2/problems/invalid-request",
        },
        { status: 400 },
      );
    }
    const id = nextMockId();
    mockPosts.push({ network: "x", id, text, token, at: Date.now() });
    return HttpResponse.json({ data: { id, text, edit_history_tweet_ids: [id] } }, { status: 201 });
  }),

  // The user's tweets, newest first. X shows links in `text` as t.co; the originals are in entities.urls.
  http.get("https://api.x.com/2/users/:id/tweets", ({ request }) => {
    const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    if (!token.startsWith("mock_")) return unauthorized();
    const url = new URL(request.url);
    const since = Date.parse(url.searchParams.get("start_time") ?? "") || 0;
    const max = Number(url.searchParams.get("max_results") ?? 10);
    if (!(max >= 5 && max <= 100)) {
      return HttpResponse.json(
        {
          errors: [
            {
              parameters: { max_results: [String(max)] },
              message: "The `max_results` query parameter value is not between 5 and 100",
            },
          ],
          title: "Invalid Request",
          detail: "One or more parameters to your request was invalid.",
          type: "https://api.twitter.com/2/problems/invalid-request",
        },
        { status: 400 },
      );
    }
    const tweets = mockPosts
      .filter((p) => p.network === "x" && p.token === token && p.at >= since)
      .reverse()
      .slice(0, max);
    if (!tweets.length) return HttpResponse.json({ meta: { result_count: 0 } });
    return HttpResponse.json({
      data: tweets.map(asListedTweet),
      meta: { result_count: tweets.length, newest_id: tweets[0]!.id, oldest_id: tweets.at(-1)!.id },
    });
  }),
];

function asListedTweet(post: MockPost) {
  const urls: Array<{ start: number; end: number; url: string; expanded_url: string; display_url: string }> = [];
  let text = post.text;
  for (const match of post.text.matchAll(/https?:\/\/\S+/g)) {
    const short = `https://t.co/${Buffer.from(match[0]).toString("base64url").slice(-10)}`;
    const start = text.indexOf(match[0]);
    text = text.replace(match[0], short);
    urls.push({
      start,
      end: start + short.length,
      url: short,
      expanded_url: match[0],
      display_url: match[0].replace(/^https?:\/\//, "").slice(0, 25),
    });
  }
  return {
    id: post.id,
    text,
    created_at: new Date(post.at).toISOString(),
    edit_history_tweet_ids: [post.id],
    ...(urls.length ? { entities: { urls } } : {}),
  };
}

const TWEETS = "https://api.x.com/2/tweets";
async function acceptTweet(request: Request): Promise<{ id: string; text: string }> {
  const { text = "" } = (await request.json()) as { text?: string };
  const id = nextMockId();
  mockPosts.push({
    network: "x",
    id,
    text,
    token: request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "",
    at: Date.now(),
  });
  return { id, text };
}

/** X's real failure shapes, for a test to install with `mockServer.use(xFailures.…())`. */
export const xFailures = {
  /** Posts the tweet, answers only after `ms` (longer than the client's timeout: the post exists, the client gave up). */
  lateSuccess: (ms: number) =>
    http.post(TWEETS, async ({ request }) => {
      const { id, text } = await acceptTweet(request);
      await delay(ms);
      return HttpResponse.json({ data: { id, text, edit_history_tweet_ids: [id] } }, { status: 201 });
    }),
  /** Posts the tweet, then the connection drops before any answer. */
  resetAfterSend: () =>
    http.post(TWEETS, async ({ request }) => {
      await acceptTweet(request);
      return HttpResponse.error();
    }),
  /** X keeps one copy of a text: a second POST of the same text. */
  duplicate: () =>
    http.post(TWEETS, () =>
      HttpResponse.json(
        {
          detail: "You are not allowed to create a Tweet with duplicate content.",
          type: "about:blank",
          title: "Forbidden",
          status: 403,
        },
        { status: 403 },
      ),
    ),
  /** 429 with X's rate-limit headers; `reset` in epoch seconds. */
  rateLimited: (reset: number) =>
    http.post(TWEETS, () =>
      HttpResponse.json(
        { title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 },
        {
          status: 429,
          headers: { "x-rate-limit-limit": "100", "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(reset) },
        },
      ),
    ),
  /** A server error; with `posted`, X created the tweet anyway (it has answered 503 for tweets it then showed). */
  serverError: (status = 503, options: { posted?: boolean } = {}) =>
    http.post(TWEETS, async ({ request }) => {
      if (options.posted) await acceptTweet(request);
      return HttpResponse.json(
        { title: "Service Unavailable", detail: "Service Unavailable", type: "about:blank", status },
        { status },
      );
    }),
  /** The timeline cannot be read (rate limit on the lookup itself) until `reset` (epoch seconds; 15 min by default). */
  timelineUnavailable: (reset = Math.floor(Date.now() / 1000) + 900, options: { once?: boolean } = {}) =>
    http.get(
      "https://api.x.com/2/users/:id/tweets",
      () =>
        HttpResponse.json(
          { title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 },
          {
            status: 429,
            headers: {
              "x-rate-limit-limit": "900",
              "x-rate-limit-remaining": "0",
              "x-rate-limit-reset": String(reset),
            },
          },
        ),
      options,
    ),
};
