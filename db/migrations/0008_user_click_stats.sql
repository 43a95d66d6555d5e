CREATE TABLE "user_click_stats" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"unique_clicks" integer DEFAULT 0 NOT NULL,
	"best_share_clicks" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "user_click_stats" ADD CONSTRAINT "user_click_stats_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Ledger sources are machine keys (ids and dates): byte order compares them several times faster
-- than the locale's rules, which matters when a full recompute builds the unique index.
ALTER TABLE "point_events" ALTER COLUMN "source" SET DATA TYPE text COLLATE "C";
