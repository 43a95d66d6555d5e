import { http, HttpResponse } from "msw";
import { mockPosts, nextMockId } from "./network-log";

/** Facebook Graph API: OAuth token exchange, the pages a user manages, and posting to a Page feed. */
const oauthError = (message: string) =>
  HttpResponse.json({ error: { message, type: "OAuthException", code: 190, fbtrace_id: "AbCdEfGhIjK" } }, { status: 400 });

export const facebookHandlers = [
  http.get("https://graph.facebook.com/v16.0/oauth/access_token", ({ request }) => {
    const code = new URL(request.url).searchParams.get("code") ?? "";
    if (!code.startsWith("mock_")) return oauthError("This authorization code has expired.");
    return HttpResponse.json({ access_token: `mock_fb_user_${nextMockId()}`, token_type: "bearer", expires_in: 5183944 });
  }),
  http.post("https://graph.facebook.com/v16.0/oauth/access_token", async ({ request }) => {
    const code = new URLSearchParams(await request.text()).get("code") ?? "";
    if (!code.startsWith("mock_")) return oauthError("This authorization code has expired.");
    return HttpResponse.json({ access_token: `mock_fb_user_${nextMockId()}`, token_type: "bearer", expires_in: 5183944 });
  }),

  http.get("https://graph.facebook.com/v21.0/me/accounts", ({ request }) => {
    const token = new URL(request.url).searchParams.get("access_token") ?? request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    if (!token.startsWith("mock_")) return oauthError("Invalid OAuth access token - Cannot parse access token");
    return HttpResponse.json({
      data: [{ access_token: `mock_fb_page_${nextMockId()}`, category: "Software Company", name: "Northwind Field Team", id: "104000000000001", tasks: ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"] }],
      paging: { cursors: { before: "QVFIU", after: "QVFIU" } },
    });
  }),

  http.post("https://graph.facebook.com/v21.0/:pageId/feed", async ({ request, params }) => {
    const body = new URLSearchParams(await request.text());
    const token = body.get("access_token") ?? "";
    if (!token) return oauthError("An active access token must be used to query information about the current user.");
    const id = `${params.pageId}_${nextMockId()}`;
    mockPosts.push({ network: "facebook", id, text: body.get("message") ?? "", token, at: Date.now() });
    return HttpResponse.json({ id });
  }),
];
