/** Where a content item stands in review, for server and browser alike (the `content_status` enum in db/schema.ts). */
export const CONTENT_STATUSES = ["draft", "in_review", "approved", "published", "archived"] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];
