-- Unique visitors are counted when the clicks are written, not by the award job (decision 022).
-- link_visitors: one row per UTC day, share and human visitor; share_day_visitors counts them per share and day
-- (what a share-day's click points are). share_visitors: one row per share and human visitor, with the click that
-- brought it first (by first_click_id the award job's difference since its last run); share_visitor_counts counts
-- them per share (the click badges' sums). The counts carry the share's user, so the award job reads them without
-- a join. Bot clicks are in none, as the award rules ignore them. A statement-level trigger on link_clicks fills
-- all four from each insert's transition table, so every insert path (the redirect's buffered flush, seeds,
-- tests) keeps them up to date; a count grows in the same statement, and transaction, as the rows it counts.
-- No foreign keys (a check row by row would cost every flush, and dropping one for a refill would lock shares):
-- a statement trigger on shares takes a deleted share's rows with it, as the cascade takes its clicks.
CREATE TABLE "link_visitors" (
	"day" date NOT NULL,
	"share_id" uuid NOT NULL,
	"visitor_hash" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_visitors" (
	"share_id" uuid NOT NULL,
	"visitor_hash" text COLLATE "C" NOT NULL,
	"first_click_id" bigint NOT NULL
);
--> statement-breakpoint
-- The backfill: one set-based pass per table over the existing clicks, with the keys built after the fill
-- (sorted once, instead of kept up to date row by row).
SET LOCAL work_mem = '256MB';
--> statement-breakpoint
SET LOCAL maintenance_work_mem = '512MB';
--> statement-breakpoint
INSERT INTO "link_visitors" ("day", "share_id", "visitor_hash")
SELECT DISTINCT ("clicked_at" AT TIME ZONE 'UTC')::date, "share_id", "visitor_hash" COLLATE "C"
FROM "link_clicks"
WHERE NOT "is_bot";
--> statement-breakpoint
INSERT INTO "share_visitors" ("share_id", "visitor_hash", "first_click_id")
SELECT "share_id", "visitor_hash" COLLATE "C", min("id")
FROM "link_clicks"
WHERE NOT "is_bot"
GROUP BY 1, 2;
--> statement-breakpoint
CREATE TABLE "share_day_visitors" (
	"day" date NOT NULL,
	"share_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"visitors" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_visitor_counts" (
	"share_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"visitors" integer NOT NULL
);
--> statement-breakpoint
INSERT INTO "share_day_visitors" ("day", "share_id", "user_id", "visitors")
SELECT v."day", v."share_id", s."user_id", v."n"
FROM (SELECT "day", "share_id", count(*)::int AS "n" FROM "link_visitors" GROUP BY 1, 2) v
JOIN "shares" s ON s."id" = v."share_id";
--> statement-breakpoint
INSERT INTO "share_visitor_counts" ("share_id", "user_id", "visitors")
SELECT v."share_id", s."user_id", v."n"
FROM (SELECT "share_id", count(*)::int AS "n" FROM "share_visitors" GROUP BY 1) v
JOIN "shares" s ON s."id" = v."share_id";
--> statement-breakpoint
ALTER TABLE "link_visitors" ADD CONSTRAINT "link_visitors_pkey" PRIMARY KEY ("share_id", "day", "visitor_hash");
--> statement-breakpoint
ALTER TABLE "share_visitors" ADD CONSTRAINT "share_visitors_pkey" PRIMARY KEY ("share_id", "visitor_hash");
--> statement-breakpoint
ALTER TABLE "share_day_visitors" ADD CONSTRAINT "share_day_visitors_pkey" PRIMARY KEY ("share_id", "day");
--> statement-breakpoint
-- The award job reads the finished days since its last run as one index range.
CREATE INDEX "share_day_visitors_day_idx" ON "share_day_visitors" USING btree ("day");
--> statement-breakpoint
ALTER TABLE "share_visitor_counts" ADD CONSTRAINT "share_visitor_counts_pkey" PRIMARY KEY ("share_id");
--> statement-breakpoint
ANALYZE "link_visitors";
--> statement-breakpoint
ANALYZE "share_visitors";
--> statement-breakpoint
ANALYZE "share_day_visitors";
--> statement-breakpoint
ANALYZE "share_visitor_counts";
--> statement-breakpoint
CREATE FUNCTION "chorus_count_link_visitors"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Sorted, so two flushes that share visitors take the key locks in the same order (no deadlock). Only the
  -- rows really inserted are counted: a visitor a concurrent flush wrote first is that flush's to count.
  WITH added AS (
    INSERT INTO "link_visitors" ("day", "share_id", "visitor_hash")
    SELECT DISTINCT ("clicked_at" AT TIME ZONE 'UTC')::date, "share_id", "visitor_hash" COLLATE "C"
    FROM new_clicks
    WHERE NOT "is_bot"
    ORDER BY 2, 1, 3
    ON CONFLICT DO NOTHING
    RETURNING "day", "share_id")
  INSERT INTO "share_day_visitors" AS d ("day", "share_id", "user_id", "visitors")
  SELECT a."day", a."share_id", s."user_id", count(*)::int
  FROM added a
  JOIN "shares" s ON s."id" = a."share_id"
  GROUP BY 1, 2, 3
  ORDER BY 2, 1
  ON CONFLICT ("share_id", "day") DO UPDATE SET "visitors" = d."visitors" + excluded."visitors";
  WITH added AS (
    INSERT INTO "share_visitors" ("share_id", "visitor_hash", "first_click_id")
    SELECT "share_id", "visitor_hash" COLLATE "C", min("id")
    FROM new_clicks
    WHERE NOT "is_bot"
    GROUP BY 1, 2
    ORDER BY 1, 2
    ON CONFLICT DO NOTHING
    RETURNING "share_id")
  INSERT INTO "share_visitor_counts" AS c ("share_id", "user_id", "visitors")
  SELECT a."share_id", s."user_id", count(*)::int
  FROM added a
  JOIN "shares" s ON s."id" = a."share_id"
  GROUP BY 1, 2
  ORDER BY 1
  ON CONFLICT ("share_id") DO UPDATE SET "visitors" = c."visitors" + excluded."visitors";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "link_clicks_count_visitors"
AFTER INSERT ON "link_clicks"
REFERENCING NEW TABLE AS new_clicks
FOR EACH STATEMENT EXECUTE FUNCTION "chorus_count_link_visitors"();
--> statement-breakpoint
CREATE FUNCTION "chorus_forget_share_visitors"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "link_visitors" WHERE "share_id" IN (SELECT "id" FROM old_shares);
  DELETE FROM "share_visitors" WHERE "share_id" IN (SELECT "id" FROM old_shares);
  DELETE FROM "share_day_visitors" WHERE "share_id" IN (SELECT "id" FROM old_shares);
  DELETE FROM "share_visitor_counts" WHERE "share_id" IN (SELECT "id" FROM old_shares);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "shares_forget_visitors"
AFTER DELETE ON "shares"
REFERENCING OLD TABLE AS old_shares
FOR EACH STATEMENT EXECUTE FUNCTION "chorus_forget_share_visitors"();
--> statement-breakpoint
-- The ledger's key moves from one text column to typed ones, each kind unique on its own (partial) index:
-- a share's points on share_id; a share-day's click points on (share_id, day); a badge's or a challenge's
-- bonus on (source_id, user_id). An unverified share keeps its text key (rep, item and network: it is
-- allowed once whichever share counts, decision 014), as do kinds without typed columns. Existing rows
-- are converted in one pass, with the indexes dropped meanwhile.
ALTER TABLE "point_events" ADD COLUMN "share_id" uuid;
--> statement-breakpoint
ALTER TABLE "point_events" ADD COLUMN "source_id" uuid;
--> statement-breakpoint
ALTER TABLE "point_events" ADD COLUMN "day" date;
--> statement-breakpoint
ALTER TABLE "point_events" ALTER COLUMN "source" DROP NOT NULL;
--> statement-breakpoint
DROP INDEX "point_events_kind_source_idx";
--> statement-breakpoint
DROP INDEX "point_events_user_time_idx";
--> statement-breakpoint
UPDATE "point_events"
SET "share_id" = CASE WHEN "kind" IN ('share', 'clicks') THEN split_part("source", ':', 1)::uuid END,
    "day" = CASE WHEN "kind" = 'clicks' THEN split_part("source", ':', 2)::date END,
    "source_id" = CASE WHEN "kind" IN ('badge', 'challenge') THEN split_part("source", ':', 1)::uuid END,
    "source" = NULL
WHERE ("kind" = 'share' AND "source" ~ '^[0-9a-f-]{36}$')
   OR ("kind" = 'clicks' AND "source" ~ '^[0-9a-f-]{36}:\d{4}-\d\d-\d\d$')
   OR ("kind" IN ('badge', 'challenge') AND "source" ~ '^[0-9a-f-]{36}:[0-9a-f-]{36}$');
--> statement-breakpoint
CREATE UNIQUE INDEX "point_events_share_idx" ON "point_events" USING btree ("share_id") WHERE "kind" = 'share';
--> statement-breakpoint
CREATE UNIQUE INDEX "point_events_clicks_idx" ON "point_events" USING btree ("share_id", "day") WHERE "kind" = 'clicks';
--> statement-breakpoint
CREATE UNIQUE INDEX "point_events_badge_idx" ON "point_events" USING btree ("source_id", "user_id") WHERE "kind" = 'badge';
--> statement-breakpoint
CREATE UNIQUE INDEX "point_events_challenge_idx" ON "point_events" USING btree ("source_id", "user_id") WHERE "kind" = 'challenge';
--> statement-breakpoint
CREATE UNIQUE INDEX "point_events_kind_source_idx" ON "point_events" USING btree ("kind", "source") WHERE "source" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "point_events_user_time_idx" ON "point_events" USING btree ("user_id", "created_at");
--> statement-breakpoint
-- Every row has a key, so every award is once: typed for its kind, or the text one.
ALTER TABLE "point_events" ADD CONSTRAINT "point_events_keyed" CHECK (
  "source" IS NOT NULL
  OR ("kind" = 'share' AND "share_id" IS NOT NULL)
  OR ("kind" = 'clicks' AND "share_id" IS NOT NULL AND "day" IS NOT NULL)
  OR ("kind" IN ('badge', 'challenge') AND "source_id" IS NOT NULL)
);
--> statement-breakpoint
ANALYZE "point_events";
