/** Kinds of content marketing publishes, for server and browser alike. */
export const CONTENT_TYPES = ["article", "blog", "ebook", "whitepaper", "video", "news", "event", "update"] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];
