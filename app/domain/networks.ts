/** The networks Chorus shares to, for server and browser alike. */
export const NETWORKS = ["linkedin", "x", "facebook"] as const;
export type Network = (typeof NETWORKS)[number];
export const NETWORK_NAMES = {
  linkedin: "LinkedIn",
  x: "X",
  facebook: "Facebook",
} as const satisfies Record<Network, string>;

/**
 * Each network's share page (the "open X to share" links, no token needed): where it is served from and
 * the address the composer opens. The page's Content-Security-Policy allows exactly these origins as form
 * targets (form-action), so a new share page cannot be added without being allowed. x.com still hands
 * some visitors on to twitter.com. X's intent and LinkedIn's feed composer (`shareActive`, not in
 * LinkedIn's documentation but what its own share buttons open; share-offsite takes a URL only) take the
 * text, so the disclosure goes with it. Facebook's sharer takes only the link (`quote` was withdrawn): the
 * composer copies the words and disclosure for the rep to paste (decision 014).
 */
export const SHARE_PAGES = {
  linkedin: {
    origins: ["https://www.linkedin.com"],
    url: (text: string) => `https://www.linkedin.com/feed/?shareActive=true&text=${encodeURIComponent(text)}`,
  },
  x: {
    origins: ["https://x.com", "https://twitter.com"],
    url: (text: string) => `https://x.com/intent/tweet?text=${encodeURIComponent(text)}`,
  },
  facebook: {
    origins: ["https://www.facebook.com"],
    url: (_text: string, link: string) => `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(link)}`,
  },
} as const satisfies Record<Network, { origins: readonly string[]; url: (text: string, link: string) => string }>;

export const SHARE_PAGE_ORIGINS: Readonly<Record<Network, readonly string[]>> = {
  linkedin: SHARE_PAGES.linkedin.origins,
  x: SHARE_PAGES.x.origins,
  facebook: SHARE_PAGES.facebook.origins,
};
