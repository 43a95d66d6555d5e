import { http, HttpResponse } from "msw";

/** Every message Slack accepted in this process, newest last (tests read it). */
export const slackMessages: Array<{ webhook: string; text: string }> = [];

/**
 * Slack incoming webhooks: 200 "ok" on success; failures answer plain-text error codes with the
 * statuses Slack documents (400 invalid_payload, 403 invalid_token, 404 no_service,
 * 410 channel_is_archived, 429 with Retry-After, 500 rollup_error). The webhook path picks the case.
 */
export const slackHandlers = [
  http.post("https://hooks.slack.com/services/:team/:bot/:secret", async ({ request, params }) => {
    const secret = String(params.secret);
    if (secret === "revoked")
      return new HttpResponse("invalid_token", { status: 403, headers: { "Content-Type": "text/plain" } });
    if (secret === "deleted")
      return new HttpResponse("no_service", { status: 404, headers: { "Content-Type": "text/plain" } });
    if (secret === "archived")
      return new HttpResponse("channel_is_archived", { status: 410, headers: { "Content-Type": "text/plain" } });
    if (secret === "busy")
      return new HttpResponse("rate_limited", {
        status: 429,
        headers: { "Content-Type": "text/plain", "Retry-After": "30" },
      });
    if (secret === "broken")
      return new HttpResponse("rollup_error", { status: 500, headers: { "Content-Type": "text/plain" } });
    let payload: unknown;
    try {
      payload = await request.json();
    } catch {
      return new HttpResponse("invalid_payload", { status: 400, headers: { "Content-Type": "text/plain" } });
    }
    const text = (payload as { text?: unknown }).text;
    if (typeof text !== "string" || !text.trim())
      return new HttpResponse("no_text", { status: 400, headers: { "Content-Type": "text/plain" } });
    slackMessages.push({ webhook: request.url, text });
    return new HttpResponse("ok", { status: 200, headers: { "Content-Type": "text/html" } });
  }),
];
