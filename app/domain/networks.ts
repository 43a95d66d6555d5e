/** The networks Chorus shares to, for server and browser alike. */
export const NETWORKS = ["linkedin", "x", "facebook"] as const;
export type Network = (typeof NETWORKS)[number];
export const NETWORK_NAMES: Record<Network, string> = { linkedin: "LinkedIn", x: "X", facebook: "Facebook" };

/**
 * Where each network's share pages (the "open X to share" links, no token needed) are served from. The
 * page's Content-Security-Policy allows exactly these as form targets (form-action), and a unit test
 * holds every share link the composer builds (sharing.server.ts intentUrl) to this list. x.com still
 * hands some visitors on to twitter.com.
 */
export const SHARE_PAGE_ORIGINS: Readonly<Record<Network, readonly string[]>> = {
  linkedin: ["https://www.linkedin.com"],
  x: ["https://x.com", "https://twitter.com"],
  facebook: ["https://www.facebook.com"],
};
