/** The markdown pages marketers edit in the Studio and everyone reads (browser-safe). */
export const HELP_PAGES = {
  guidelines: "Sharing guidelines",
  tips: "Tips",
  faq: "FAQ",
  "social-media-policy": "Social media policy",
} as const;
export type HelpPageSlug = keyof typeof HELP_PAGES;
export const HELP_PAGE_SLUGS = Object.keys(HELP_PAGES) as HelpPageSlug[];

/** Where people read a page: the policy has its own page with the accept button. */
export const helpPagePath = (slug: HelpPageSlug) => (slug === "social-media-policy" ? "/policy" : `/guides/${slug}`);
