-- Which version of an item or revision each reviewer was shown (decision 020): an approval is refused unless the
-- reviewer opened exactly the version they approve. shown_key names the version: "item:<sha256 of the reviewed
-- fields>" for an item in review, "revision:<id>:<version>" for a pending revision of a live item.
CREATE TABLE IF NOT EXISTS "content_review_views" (
	"reviewer_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
	"item_id" uuid NOT NULL REFERENCES "content_items"("id") ON DELETE CASCADE,
	"shown_key" text NOT NULL,
	"shown_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_review_views_pk" PRIMARY KEY ("reviewer_id", "item_id", "shown_key")
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "content_review_views_item_idx" ON "content_review_views" ("item_id");
