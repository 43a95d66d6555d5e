-- Share-page and copy shares are recorded as 'opened' (unverified), not 'published' (decision 014).
-- Enum values added here cannot be used in the same transaction, and the migrator runs every pending
-- migration in one: so nothing below names 'opened'. Older share-page and copy shares still marked
-- published are moved over by the maintain job (shares_legacy_unverified_idx finds them; it stays empty).
ALTER TYPE "public"."share_status" ADD VALUE IF NOT EXISTS 'opened';--> statement-breakpoint
-- sov_daily rows counting unverified shares of the own brand, beside the verified ones ('share').
ALTER TYPE "public"."mention_source" ADD VALUE IF NOT EXISTS 'opened_share';--> statement-breakpoint
-- "Who shared this item first" now looks at verified and unverified shares: both carry published_at.
DROP INDEX IF EXISTS "shares_item_first_idx";--> statement-breakpoint
CREATE INDEX "shares_item_first_idx" ON "shares" USING btree ("item_id","published_at","id") WHERE published_at is not null;--> statement-breakpoint
CREATE INDEX "shares_legacy_unverified_idx" ON "shares" USING btree ("id") WHERE status = 'published' and method <> 'api';
