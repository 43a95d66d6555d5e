import { z } from "zod";
import { callNetwork, retryAfter, safeJson, type PostInput, type PublishResult } from "./types";

export const X_API = () => process.env.X_API_BASE ?? "https://api.x.com";

const created = z.object({ data: z.object({ id: z.string(), text: z.string() }) });
const problem = z.object({ detail: z.string().optional(), title: z.string().optional() }).passthrough();

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
      if (!parsed.success) return { kind: "failed", message: "X accepted the post but answered in an unexpected shape" };
      return { kind: "published", externalId: parsed.data.data.id, url: `https://x.com/i/web/status/${parsed.data.data.id}` };
    }
    const said = problem.safeParse(json).data?.detail ?? "";
    if (response.status === 429) {
      const reset = Number(response.headers.get("x-rate-limit-reset"));
      return { kind: "retry", message: "X's rate limit was reached", retryAt: Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : retryAfter(response) };
    }
    if (response.status >= 500) return { kind: "retry", message: `X had a server error (${response.status})`, retryAt: retryAfter(response) };
    if (response.status === 401) return { kind: "unauthorized", message: "X no longer accepts this connection" };
    if (response.status === 403 && /duplicate/i.test(said)) {
      return { kind: "failed", message: "X refused this post because you already posted the same text. Change the wording and share again." };
    }
    return { kind: "failed", message: `X refused the post (${response.status})${said ? `: ${said}` : ""}` };
  });
}
