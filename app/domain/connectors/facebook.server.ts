import { z } from "zod";
import { callNetwork, retryAfter, safeJson, type PostInput, type PublishResult } from "./types";

export const FACEBOOK_GRAPH = () => process.env.FACEBOOK_GRAPH_BASE ?? "https://graph.facebook.com/v21.0";

const created = z.object({ id: z.string() });
const graphError = z.object({ error: z.object({ message: z.string(), type: z.string().optional(), code: z.number().optional() }).passthrough() });
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);

/** Pages API: POST /{page-id}/feed with message and link, using the page's access token. */
export function publishToFacebookPage(post: PostInput): Promise<PublishResult> {
  return callNetwork(async (signal) => {
    const pageId = post.pageId ?? post.accountExternalId;
    const response = await fetch(`${FACEBOOK_GRAPH()}/${encodeURIComponent(pageId)}/feed`, {
      method: "POST",
      signal,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ message: post.text, link: post.link, access_token: post.accessToken }),
    });
    const json = await safeJson(response);
    if (response.ok) {
      const parsed = created.safeParse(json);
      if (!parsed.success) return { kind: "failed", message: "Facebook accepted the post but answered in an unexpected shape" };
      return { kind: "published", externalId: parsed.data.id, url: `https://www.facebook.com/${parsed.data.id}` };
    }
    const error = graphError.safeParse(json).data?.error;
    if (response.status === 429 || (error?.code !== undefined && RATE_LIMIT_CODES.has(error.code))) {
      return { kind: "retry", message: "Facebook's rate limit was reached", retryAt: retryAfter(response) };
    }
    if (response.status >= 500) return { kind: "retry", message: `Facebook had a server error (${response.status})`, retryAt: retryAfter(response) };
    if (response.status === 401 || error?.code === 190 || error?.type === "OAuthException") {
      return { kind: "unauthorized", message: `Facebook no longer accepts this connection${error ? `: ${error.message}` : ""}` };
    }
    return { kind: "failed", message: `Facebook refused the post${error ? `: ${error.message}` : ` (${response.status})`}` };
  });
}
