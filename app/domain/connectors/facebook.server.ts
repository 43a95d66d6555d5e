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

export const FACEBOOK_GRAPH = () =>
  apiBase(process.env.FACEBOOK_GRAPH_BASE, process.env.FACEBOOK_APP_ID, "https://graph.facebook.com/v21.0");

const created = z.object({ id: z.string() });
const graphError = z.object({
  error: z
    .object({
      message: z.string(),
      type: z.string().optional(),
      code: z.number().optional(),
      error_subcode: z.number().optional(),
    })
    .passthrough(),
});
const feed = z.object({
  data: z.array(z.object({ id: z.string() }).passthrough()),
  paging: z.object({ next: z.string().optional() }).passthrough().optional(),
});
/** Graph API throttling codes (application, user, page, custom-rate): refused before anything was posted. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001]);
/** Invalid or expired token (190, with subcodes for expiry, password change, app removed) and a dead session (102). */
const TOKEN_CODES = new Set([102, 190]);
const TOKEN_SUBCODES: Record<number, string> = {
  458: "the app was removed from the account",
  459: "the account needs to log in to Facebook",
  460: "the password was changed",
  463: "the access has expired",
  464: "the account is not confirmed",
  467: "the access was revoked",
};

const postUrl = (id: string) => `https://www.facebook.com/${id}`;

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
      if (!parsed.success)
        return { kind: "unknown", message: "Facebook accepted the post but answered in an unexpected shape" };
      return { kind: "published", externalId: parsed.data.id, url: postUrl(parsed.data.id) };
    }
    const error = graphError.safeParse(json).data?.error;
    if (response.status === 429 || (error?.code !== undefined && RATE_LIMIT_CODES.has(error.code))) {
      return { kind: "retry", message: "Facebook's rate limit was reached", retryAt: retryAfter(response) };
    }
    if (response.status >= 500)
      return {
        kind: "unknown",
        message: `Facebook had a server error (${response.status}), so we cannot tell yet whether it posted`,
      };
    if (response.status === 401 || (error?.code !== undefined && TOKEN_CODES.has(error.code))) {
      const why = error?.error_subcode !== undefined ? TOKEN_SUBCODES[error.error_subcode] : undefined;
      return {
        kind: "unauthorized",
        message: `Facebook no longer accepts this connection${why ? ` (${why})` : error ? `: ${error.message}` : ""}`,
      };
    }
    if (error?.code === 10 || (error?.code !== undefined && error.code >= 200 && error.code < 300)) {
      return {
        kind: "unauthorized",
        message: "Facebook no longer lets Chorus post to this Page (a permission is missing)",
      };
    }
    if (error?.code === 506)
      return {
        kind: "failed",
        message:
          "Facebook refused this post because the Page already posted the same text. Change the wording and share again.",
      };
    return {
      kind: "failed",
      message: `Facebook refused the post${error ? `: ${error.message}` : ` (${response.status})`}`,
    };
  });
}

/**
 * Looks for this share's post in the Page feed since `since` (pages_read_engagement, which Chorus asks
 * for): the post whose link or attachment carries our tracked link is ours. Up to five pages of 100.
 */
export function findFacebookPost(input: FindInput): Promise<FindResult> {
  return callLookup(async (signal) => {
    const pageId = input.pageId ?? input.accountExternalId;
    const first = new URL(`${FACEBOOK_GRAPH()}/${encodeURIComponent(pageId)}/feed`);
    first.searchParams.set("fields", "id,message,created_time,permalink_url,attachments{url,unshimmed_url}");
    first.searchParams.set("since", String(Math.floor(input.since.getTime() / 1000)));
    first.searchParams.set("limit", "100");
    first.searchParams.set("access_token", input.accessToken);
    let next: string | undefined = first.toString();
    for (let page = 0; page < 5 && next; page++) {
      const response = await fetch(next, { signal });
      const json = await safeJson(response);
      if (!response.ok)
        return {
          kind: "unavailable",
          message: `Facebook answered ${response.status}${graphError.safeParse(json).data ? `: ${graphError.parse(json).error.message}` : ""}`,
        };
      const parsed = feed.safeParse(json);
      if (!parsed.success)
        return { kind: "unavailable", message: "Facebook listed the Page feed in an unexpected shape" };
      const mine = parsed.data.data.find((p) => carriesLink(p, input.linkCode));
      if (mine) return { kind: "found", externalId: mine.id, url: postUrl(mine.id) };
      next = parsed.data.paging?.next;
      if (next && !next.startsWith(FACEBOOK_GRAPH().replace(/\/v[\d.]+$/, ""))) next = undefined; // only ever follow Graph's own links
    }
    return next
      ? { kind: "unavailable", message: "more posts since then than we can look through" }
      : { kind: "absent" };
  });
}
