import { z } from "zod";
import { apiBase, callNetwork, retryAfter, safeJson, type PostInput, type PublishResult } from "./types";

export const LINKEDIN_API = () =>
  apiBase(process.env.LINKEDIN_API_BASE, process.env.LINKEDIN_CLIENT_ID, "https://api.linkedin.com");
export const LINKEDIN_VERSION = "202411";

const errorBody = z
  .object({ message: z.string().optional(), code: z.string().optional(), serviceErrorCode: z.number().optional() })
  .passthrough();

/** Posts Create: POST /rest/posts as urn:li:person:<id>; the new post's URN comes back in x-restli-id. */
export function publishToLinkedIn(post: PostInput): Promise<PublishResult> {
  return callNetwork(async (signal) => {
    const response = await fetch(`${LINKEDIN_API()}/rest/posts`, {
      method: "POST",
      signal,
      headers: {
        Authorization: `Bearer ${post.accessToken}`,
        "LinkedIn-Version": LINKEDIN_VERSION,
        "X-Restli-Protocol-Version": "2.0.0",
        "Content-Type": "application/json",
      },
      body: JSON.stringify({
        author: `urn:li:person:${post.accountExternalId}`,
        commentary: post.text,
        visibility: "PUBLIC",
        distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
        content: { article: { source: post.link, title: post.title, description: post.summary.slice(0, 250) } },
        lifecycleState: "PUBLISHED",
        isReshareDisabledByAuthor: false,
      }),
    });
    if (response.status === 201) {
      const urn = response.headers.get("x-restli-id");
      if (!urn) return { kind: "unknown", message: "LinkedIn accepted the post but returned no post id" };
      return { kind: "published", externalId: urn, url: `https://www.linkedin.com/feed/update/${urn}/` };
    }
    const body = errorBody.safeParse(await safeJson(response));
    const said = body.success ? (body.data.message ?? "") : "";
    if (response.status === 429)
      return { kind: "retry", message: "LinkedIn's rate limit was reached", retryAt: retryAfter(response) };
    // A server error does not prove the post was not created, and LinkedIn does not let us look: a person decides.
    if (response.status >= 500)
      return {
        kind: "unknown",
        message: `LinkedIn had a server error (${response.status}), so we cannot tell whether it posted`,
      };
    if (response.status === 401)
      return { kind: "unauthorized", message: `LinkedIn no longer accepts this connection${said ? `: ${said}` : ""}` };
    if (response.status === 422 && body.success && (body.data.code === "DUPLICATE_POST" || /duplicate/i.test(said))) {
      return {
        kind: "failed",
        message:
          "LinkedIn refused this post because you already posted the same text. Change the wording and share again.",
      };
    }
    return { kind: "failed", message: `LinkedIn refused the post (${response.status})${said ? `: ${said}` : ""}` };
  });
}
