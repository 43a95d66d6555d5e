import { http, HttpResponse } from "msw";
import { mockPosts, nextMockId } from "./network-log";

/** X API v2 (tweets, users/me) and its OAuth 2.0 token endpoint, with X's real shapes. */
const unauthorized = () => HttpResponse.json({ title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" }, { status: 401 });

export const xHandlers = [
  http.post("https://api.twitter.com/2/oauth2/token", async ({ request }) => {
    const body = new URLSearchParams(await request.text());
    const grant = body.get("grant_type");
    const code = body.get("code") ?? "";
    if ((grant === "authorization_code" && code.startsWith("mock_") && body.get("code_verifier")) || (grant === "refresh_token" && body.get("refresh_token")?.startsWith("mock_"))) {
      return HttpResponse.json({
        token_type: "bearer",
        expires_in: 7200,
        access_token: `mock_x_${nextMockId()}`,
        scope: "tweet.write users.read tweet.read offline.access",
        refresh_token: `mock_x_refresh_${nextMockId()}`,
      });
    }
    return HttpResponse.json({ error: "invalid_request", error_description: "Value passed for the authorization code was invalid." }, { status: 400 });
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
      return HttpResponse.json({ errors: [{ message: "$.text: is missing but it is required" }], title: "Invalid Request", detail: "One or more parameters to your request was invalid.", type: "https://api.twitter.com/2/problems/invalid-request" }, { status: 400 });
    }
    const id = nextMockId();
    mockPosts.push({ network: "x", id, text, token, at: Date.now() });
    return HttpResponse.json({ data: { id, text, edit_history_tweet_ids: [id] } }, { status: 201 });
  }),
];
