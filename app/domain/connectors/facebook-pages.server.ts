import { z } from "zod";
import { getEnv } from "../../env.server";
import { decryptToken, encryptToken } from "../crypto.server";
import { flowCookie } from "../oauth-state.server";
import { FACEBOOK_GRAPH } from "./facebook.server";

/**
 * Facebook Pages a person manages, with tokens that last. The code exchange gives a short-lived user
 * token (about an hour); Page tokens read with it die with it. Facebook's documented path: exchange it
 * for a long-lived user token (about 60 days), then read /me/accounts with that: those Page tokens have
 * no expiry date (they end when the person loses the Page role, changes password or removes the app).
 */
const exchanged = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
});
const pagesAnswer = z.object({
  data: z.array(
    z.object({ id: z.string(), name: z.string(), access_token: z.string(), tasks: z.array(z.string()).optional() }),
  ),
  paging: z.object({ next: z.string().url().optional() }).passthrough().optional(),
});
const graphError = z.object({ error: z.object({ message: z.string(), code: z.number().optional() }).passthrough() });

export interface ManagedPage {
  id: string;
  name: string;
  accessToken: string;
}

async function graphJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = graphError.safeParse(json).data?.error.message ?? `HTTP ${response.status}`;
    throw new Error(`Facebook refused the request: ${message}`);
  }
  return json;
}

/** GET /oauth/access_token?grant_type=fb_exchange_token: the long-lived user token and when it expires. */
export async function exchangeForLongLivedToken(
  shortLived: string,
  now = new Date(),
): Promise<{ accessToken: string; expiresAt: Date | null }> {
  const env = getEnv();
  const query = new URLSearchParams({
    grant_type: "fb_exchange_token",
    client_id: env.FACEBOOK_APP_ID,
    client_secret: env.FACEBOOK_APP_SECRET,
    fb_exchange_token: shortLived,
  });
  const answer = exchanged.parse(await graphJson(`${FACEBOOK_GRAPH()}/oauth/access_token?${query}`));
  return {
    accessToken: answer.access_token,
    expiresAt: answer.expires_in ? new Date(now.getTime() + answer.expires_in * 1000) : null,
  };
}

/** Every Page the person manages (all result pages of /me/accounts), with its Page token. */
export async function listManagedPages(userToken: string): Promise<ManagedPage[]> {
  const pages: ManagedPage[] = [];
  let url: string | undefined =
    `${FACEBOOK_GRAPH()}/me/accounts?${new URLSearchParams({ fields: "id,name,access_token,tasks", limit: "100", access_token: userToken })}`;
  for (let guard = 0; url && guard < 20; guard++) {
    const answer = pagesAnswer.parse(await graphJson(url));
    pages.push(...answer.data.map((p) => ({ id: p.id, name: p.name, accessToken: p.access_token })));
    url = answer.paging?.next;
  }
  return pages;
}

export const NO_PAGE_MESSAGE =
  "You do not manage a Facebook Page. Facebook only lets apps post to Pages; share to your profile with the share button instead.";

/** After the code exchange: the long-lived user token and the Pages it can post to. */
export async function facebookPagesFor(shortLivedUserToken: string, now = new Date()) {
  const user = await exchangeForLongLivedToken(shortLivedUserToken, now);
  const pages = await listManagedPages(user.accessToken);
  return { userToken: user.accessToken, userTokenExpiresAt: user.expiresAt, pages };
}

/**
 * The choice a person with several Pages still has to make, kept for ten minutes in a cookie: the Page
 * names to show, and the long-lived user token sealed with the token key together with whose it is
 * (AES-GCM: a cookie that was changed, or belongs to someone else, opens to nothing). The Page tokens
 * are read again with it when the choice is made, so none of them travels in the cookie.
 */
export const pageChoiceCookie = flowCookie("chorus_fb_pages", "/connect/facebook");

const pendingChoice = z.object({
  sealed: z.string(),
  pages: z.array(z.object({ id: z.string(), name: z.string() })).max(200),
});

export function sealPageChoice(userId: string, userToken: string, pages: Array<{ id: string; name: string }>) {
  return pageChoiceCookie.serialize({ sealed: encryptToken(JSON.stringify({ userId, userToken })), pages });
}

export async function openPageChoice(
  request: Request,
  userId: string,
): Promise<{ userToken: string; pages: Array<{ id: string; name: string }> } | null> {
  const parsed = pendingChoice.safeParse(await pageChoiceCookie.parse(request.headers.get("Cookie")));
  if (!parsed.success) return null;
  try {
    const inner = z
      .object({ userId: z.string(), userToken: z.string() })
      .parse(JSON.parse(decryptToken(parsed.data.sealed)));
    return inner.userId === userId ? { userToken: inner.userToken, pages: parsed.data.pages } : null;
  } catch {
    return null;
  }
}
