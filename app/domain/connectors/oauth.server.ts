import { Facebook, LinkedIn, Twitter, generateCodeVerifier, generateState } from "arctic";
import { z } from "zod";
import { getEnv } from "../../env.server";
import { facebookPagesFor, NO_PAGE_MESSAGE, type ManagedPage } from "./facebook-pages.server";
import { X_API } from "./x.server";
import type { Network } from "../accounts.server";

/** OAuth clients for connecting posting accounts (not sign-in). */
export const CONNECT_SCOPES: Record<Network, string[]> = {
  linkedin: ["openid", "profile", "w_member_social"],
  x: ["tweet.read", "tweet.write", "users.read", "offline.access"],
  facebook: ["pages_show_list", "pages_manage_posts", "pages_read_engagement"],
};

export function connectClient(network: Network, origin: string) {
  const env = getEnv();
  const callback = `${origin}/connect/${network}/callback`;
  if (network === "linkedin") return new LinkedIn(env.LINKEDIN_CLIENT_ID, env.LINKEDIN_CLIENT_SECRET, callback);
  if (network === "x") return new Twitter(env.X_CLIENT_ID, env.X_CLIENT_SECRET, callback);
  return new Facebook(env.FACEBOOK_APP_ID, env.FACEBOOK_APP_SECRET, callback);
}

export function startConnect(network: Network, origin: string) {
  const state = generateState();
  const client = connectClient(network, origin);
  if (network === "x") {
    const codeVerifier = generateCodeVerifier();
    return {
      state,
      codeVerifier,
      url: (client as Twitter).createAuthorizationURL(state, codeVerifier, CONNECT_SCOPES.x),
    };
  }
  const url = (client as LinkedIn | Facebook).createAuthorizationURL(state, CONNECT_SCOPES[network]);
  return { state, codeVerifier: undefined, url };
}

export interface ConnectedAccount {
  externalId: string;
  displayName: string | null;
  pageId: string | null;
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
  scopes: string;
}

const linkedInUser = z.object({ sub: z.string(), name: z.string().optional() });
const xUser = z.object({ data: z.object({ id: z.string(), name: z.string(), username: z.string() }) });
/** Facebook, when the person manages several Pages: they choose one (connect.$network.page.tsx). */
export interface PageChoice {
  kind: "choose_page";
  /** The long-lived user token, to read the chosen Page's token with. */
  userToken: string;
  pages: Array<{ id: string; name: string }>;
}

/** A Page as a connected account: its token does not expire (it came from a long-lived user token). */
export function pageAccount(page: ManagedPage): ConnectedAccount {
  return {
    externalId: page.id,
    displayName: page.name,
    pageId: page.id,
    accessToken: page.accessToken,
    refreshToken: null,
    expiresAt: null,
    scopes: CONNECT_SCOPES.facebook.join(" "),
  };
}

/** Exchanges the code and reads who (or which Page) the tokens post as. */
export async function finishConnect({
  network,
  origin,
  code,
  codeVerifier,
}: {
  network: Network;
  origin: string;
  code: string;
  codeVerifier?: string;
}): Promise<ConnectedAccount | PageChoice> {
  const client = connectClient(network, origin);
  const tokens =
    network === "x"
      ? await (client as Twitter).validateAuthorizationCode(code, codeVerifier ?? "")
      : await (client as LinkedIn | Facebook).validateAuthorizationCode(code);
  const accessToken = tokens.accessToken();
  const expiresAt = tokens.hasRefreshToken() || "expires_in" in tokens.data ? tokens.accessTokenExpiresAt() : null;
  const refreshToken = tokens.hasRefreshToken() ? tokens.refreshToken() : null;
  const scopes = CONNECT_SCOPES[network].join(" ");
  if (network === "linkedin") {
    const me = linkedInUser.parse(
      await (
        await fetch("https://api.linkedin.com/v2/userinfo", { headers: { Authorization: `Bearer ${accessToken}` } })
      ).json(),
    );
    return {
      externalId: me.sub,
      displayName: me.name ?? null,
      pageId: null,
      accessToken,
      refreshToken,
      expiresAt,
      scopes,
    };
  }
  if (network === "x") {
    const me = xUser.parse(
      await (await fetch(`${X_API()}/2/users/me`, { headers: { Authorization: `Bearer ${accessToken}` } })).json(),
    );
    return {
      externalId: me.data.id,
      displayName: `@${me.data.username}`,
      pageId: null,
      accessToken,
      refreshToken,
      expiresAt,
      scopes,
    };
  }
  // Facebook: personal profiles cannot be posted to by API, so Chorus posts to a Page the person manages,
  // with a Page token read through a long-lived user token (see facebook-pages.server.ts).
  const { userToken, pages } = await facebookPagesFor(accessToken);
  const [first] = pages;
  if (!first) throw new Error(NO_PAGE_MESSAGE);
  if (pages.length === 1) return pageAccount(first);
  return { kind: "choose_page", userToken, pages: pages.map((p) => ({ id: p.id, name: p.name })) };
}

/** Refresh functions for the maintain job (Facebook page tokens do not refresh this way). */
export function tokenRefreshers(origin: string) {
  const refresh = (network: "linkedin" | "x") => async (refreshToken: string) => {
    const client = connectClient(network, origin) as LinkedIn | Twitter;
    const tokens = await client.refreshAccessToken(refreshToken);
    return {
      accessToken: tokens.accessToken(),
      refreshToken: tokens.hasRefreshToken() ? tokens.refreshToken() : null,
      expiresAt: tokens.accessTokenExpiresAt(),
    };
  };
  return { linkedin: refresh("linkedin"), x: refresh("x") };
}
