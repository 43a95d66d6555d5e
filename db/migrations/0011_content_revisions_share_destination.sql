-- Review revisions: a change to what reps post on an approved or published item waits here until a second
-- marketer approves it; content_items keeps the approved version meanwhile (decision 011).
CREATE TYPE "public"."revision_status" AS ENUM('pending', 'approved', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TABLE "content_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"author_id" uuid,
	"proposed" jsonb NOT NULL,
	"status" "revision_status" DEFAULT 'pending' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "content_revisions" ADD CONSTRAINT "content_revisions_item_id_content_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."content_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_revisions" ADD CONSTRAINT "content_revisions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_revisions" ADD CONSTRAINT "content_revisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "content_revisions_one_pending_idx" ON "content_revisions" USING btree ("item_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "content_revisions_item_idx" ON "content_revisions" USING btree ("item_id","created_at");--> statement-breakpoint
-- A share's destination is fixed when it is shared. The app writes it (trackedDestination in links.server.ts);
-- this function mirrors that for rows written by raw SQL (seeds, benchmarks) and for the backfill below.
CREATE FUNCTION "chorus_tracked_destination"(item_url text, network text, campaign text, code text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  base text;
  frag text;
  slug text;
BEGIN
  IF item_url IS NULL OR code IS NULL OR item_url !~* '^https?://[^/?#[:space:]]+' THEN RETURN NULL; END IF;
  frag := coalesce(substring(item_url from '#.*$'), '');
  base := regexp_replace(item_url, '#.*$', '');
  base := regexp_replace(base, '^(https?://[^/?#]+)(\?|$)', '\1/\2', 'i');
  -- URLSearchParams.set replaces a UTM tag the URL already had.
  base := rtrim(regexp_replace(base, '(?<=[?&])utm_(source|medium|campaign|content)=[^&]*(&|$)', '', 'g'), '?&');
  slug := left(trim(both '-' from regexp_replace(lower(coalesce(campaign, '')), '[^a-z0-9]+', '-', 'g')), 60);
  RETURN base || CASE WHEN strpos(base, '?') > 0 THEN '&' ELSE '?' END
    || 'utm_source=' || network || '&utm_medium=employee_advocacy&utm_campaign=' || coalesce(nullif(slug, ''), 'chorus')
    || '&utm_content=' || code || frag;
END
$$;--> statement-breakpoint
ALTER TABLE "shares" ADD COLUMN "destination_url" text;--> statement-breakpoint
UPDATE "shares" s
SET "destination_url" = chorus_tracked_destination(ci.url, s.network::text, (SELECT p.title FROM packs p WHERE p.id = s.pack_id), s.link_code)
FROM "content_items" ci WHERE ci.id = s.item_id;--> statement-breakpoint
CREATE FUNCTION "shares_fix_destination"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT chorus_tracked_destination(ci.url, NEW.network::text, (SELECT p.title FROM packs p WHERE p.id = NEW.pack_id), NEW.link_code)
    INTO NEW.destination_url
    FROM content_items ci WHERE ci.id = NEW.item_id;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "shares_destination_on_insert" BEFORE INSERT ON "shares"
FOR EACH ROW WHEN (NEW.destination_url IS NULL) EXECUTE FUNCTION shares_fix_destination();
