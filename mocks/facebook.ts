import { delay, http, HttpResponse } from "msw";
import { mockPosts, nextMockId, type MockPost } from "./network-log";

/** Facebook Graph API: OAuth token exchange, the pages a user manages, and posting to a Page feed. */
const oauthError = (message: string) =>
  HttpResponse.json(
    { error: { message, type: "OAuthException", code: 190, fbtrace_id: "AbCdEfGhIjK" } },
    { status: 400 },
  );

export const facebookHandlers = [
  http.get("https://graph.facebook.com/v16.0/oauth/access_token", ({ request }) => {
    const code = new URL(request.url).searchParams.get("code") ?? "";
    if (!code.startsWith("mock_")) return oauthError("This authorization code has expired.");
    return HttpResponse.json({ access_token: `mock_fb_user_${nextMockId()}`, token_type: "bearer", expires_in: 3600 });
  }),
  http.post("https://graph.facebook.com/v16.0/oauth/access_token", async ({ request }) => {
    const code = new URLSearchParams(await request.text()).get("code") ?? "";
    if (!code.startsWith("mock_")) return oauthError("This authorization code has expired.");
    return HttpResponse.json({ access_token: `mock_fb_user_${nextMockId()}`, token_type: "bearer", expires_in: 3600 });
  }),
  // Short-lived user token (about an hour) -> long-lived one (about 60 days), as Facebook documents.
  http.get("https://graph.facebook.com/v21.0/oauth/access_token", ({ request }) => {
    const q = new URL(request.url).searchParams;
    if (q.get("grant_type") !== "fb_exchange_token") return oauthError("Unsupported grant_type");
    if (!q.get("client_id") || !q.get("client_secret")) return oauthError("Missing client_id parameter.");
    if (!q.get("fb_exchange_token")?.startsWith("mock_fb_user_"))
      return oauthError("Error validating access token: Session has expired.");
    return HttpResponse.json({
      access_token: `mock_fb_long_${nextMockId()}`,
      token_type: "bearer",
      expires_in: 5183944,
    });
  }),

  http.get("https://graph.facebook.com/v21.0/me/accounts", ({ request }) =>
    managedPages(request, [{ name: "Northwind Field Team", id: "104000000000001" }]),
  ),

  http.post("https://graph.facebook.com/v21.0/:pageId/feed", async ({ request, params }) => {
    const body = new URLSearchParams(await request.text());
    const token = body.get("access_token") ?? "";
    if (!token) return oauthError("An active access token must be used to query information about the current user.");
    const id = `${String(params.pageId)}_${nextMockId()}`;
    mockPosts.push({
      network: "facebook",
      id,
      text: body.get("message") ?? "",
      token,
      at: Date.now(),
      link: body.get("link") ?? undefined,
      pageId: String(params.pageId),
    });
    return HttpResponse.json({ id });
  }),

  // The Page feed, newest first; a shared link shows as an attachment (url shimmed through l.facebook.com).
  http.get("https://graph.facebook.com/v21.0/:pageId/feed", ({ request, params }) => {
    const url = new URL(request.url);
    const token = url.searchParams.get("access_token") ?? "";
    if (!token.startsWith("mock_")) return oauthError("Invalid OAuth access token - Cannot parse access token");
    const since = Number(url.searchParams.get("since") ?? 0) * 1000;
    const limit = Math.min(100, Number(url.searchParams.get("limit") ?? 25));
    const posts = mockPosts
      .filter((p) => p.network === "facebook" && p.pageId === params.pageId && p.at >= since)
      .reverse()
      .slice(0, limit);
    return HttpResponse.json({
      data: posts.map(asFeedPost),
      paging: { cursors: { before: "QVFIUmx1", after: "QVFIUkRw" } },
    });
  }),
];

/**
 * /me/accounts: the Pages the token's person manages. A Page token lives as long as the user token it was
 * read with (no expiry from a long-lived one), which the mock shows in the token (`_long_` / `_short_`).
 */
function managedPages(request: Request, pages: Array<{ id: string; name: string }>) {
  const token =
    new URL(request.url).searchParams.get("access_token") ??
    request.headers.get("authorization")?.replace(/^Bearer /, "") ??
    "";
  if (!token.startsWith("mock_")) return oauthError("Invalid OAuth access token - Cannot parse access token");
  const lifetime = token.startsWith("mock_fb_long_") ? "long" : "short";
  return HttpResponse.json({
    data: pages.map((p) => ({
      access_token: `mock_fb_page_${lifetime}_${p.id}_${nextMockId()}`,
      category: "Software Company",
      name: p.name,
      id: p.id,
      tasks: ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"],
    })),
    paging: { cursors: { before: "QVFIU", after: "QVFIU" } },
  });
}

/** A person managing these Pages (several: Chorus asks which one), for `mockServer.use(...)`. */
export const facebookManagedPages = (pages: Array<{ id: string; name: string }>) =>
  http.get("https://graph.facebook.com/v21.0/me/accounts", ({ request }) => managedPages(request, pages));

function asFeedPost(post: MockPost) {
  const created = new Date(post.at).toISOString().replace(/\.\d{3}Z$/, "+0000");
  const attachment = post.link
    ? {
        attachments: {
          data: [
            {
              url: `https://l.facebook.com/l.php?u=${encodeURIComponent(post.link)}&h=AT0mock`,
              unshimmed_url: post.link,
              type: "share",
            },
          ],
        },
      }
    : {};
  return {
    id: post.id,
    message: post.text,
    created_time: created,
    permalink_url: `https://www.facebook.com/${post.id}`,
    ...attachment,
  };
}

const FEED = "https://graph.facebook.com/v21.0/:pageId/feed";
async function acceptPost(request: Request, pageId: string) {
  const body = new URLSearchParams(await request.text());
  const id = `${pageId}_${nextMockId()}`;
  mockPosts.push({
    network: "facebook",
    id,
    text: body.get("message") ?? "",
    token: body.get("access_token") ?? "",
    at: Date.now(),
    link: body.get("link") ?? undefined,
    pageId,
  });
  return id;
}
const graphError = (status: number, error: Record<string, unknown>, headers: Record<string, string> = {}) =>
  HttpResponse.json({ error: { fbtrace_id: "AbCdEfGhIjK", ...error } }, { status, headers });

/** Graph API's real failure shapes, for a test to install with `mockServer.use(facebookFailures.…())`. */
export const facebookFailures = {
  /** Posts to the Page, answers only after `ms`. */
  lateSuccess: (ms: number) =>
    http.post(FEED, async ({ request, params }) => {
      const id = await acceptPost(request, String(params.pageId));
      await delay(ms);
      return HttpResponse.json({ id });
    }),
  /** Posts to the Page, then the connection drops before any answer. */
  resetAfterSend: () =>
    http.post(FEED, async ({ request, params }) => {
      await acceptPost(request, String(params.pageId));
      return HttpResponse.error();
    }),
  /** The Page token expired (OAuthException 190, subcode 463). */
  tokenExpired: () =>
    http.post(FEED, () =>
      graphError(400, {
        message:
          "Error validating access token: Session has expired on Monday, 01-Jun-26 02:00:00 PDT. The current time is Monday, 01-Jun-26 02:05:11 PDT.",
        type: "OAuthException",
        code: 190,
        error_subcode: 463,
      }),
    ),
  /** The token cannot be used at all (OAuthException 190, no subcode). */
  tokenInvalid: () =>
    http.post(FEED, () =>
      graphError(400, {
        message: "Invalid OAuth access token - Cannot parse access token",
        type: "OAuthException",
        code: 190,
      }),
    ),
  /** The person changed their Facebook password (190 / 460). */
  passwordChanged: () =>
    http.post(FEED, () =>
      graphError(400, {
        message:
          "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
        type: "OAuthException",
        code: 190,
        error_subcode: 460,
      }),
    ),
  /** Application-level throttling (code 4), with the usage header Graph sends. */
  rateLimited: () =>
    http.post(FEED, () =>
      graphError(
        400,
        { message: "(#4) Application request limit reached", type: "OAuthException", is_transient: true, code: 4 },
        { "x-app-usage": JSON.stringify({ call_count: 100, total_cputime: 12, total_time: 30 }) },
      ),
    ),
  /** Graph's "unknown error" (code 1, HTTP 500); with `posted`, the post was created anyway. */
  serverError: (options: { posted?: boolean } = {}) =>
    http.post(FEED, async ({ request, params }) => {
      if (options.posted) await acceptPost(request, String(params.pageId));
      return graphError(500, {
        message: "An unknown error has occurred.",
        type: "OAuthException",
        is_transient: true,
        code: 1,
      });
    }),
};
