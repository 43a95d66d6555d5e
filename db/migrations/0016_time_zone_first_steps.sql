-- Decision 019: whether the person chose their time zone (a form they submitted, or the Me page), and the
-- first-steps checklist's dismissal and app installation.
ALTER TABLE "users" ADD COLUMN "time_zone_set" boolean DEFAULT true NOT NULL;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "first_steps_dismissed_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "app_installed_at" timestamp with time zone;
--> statement-breakpoint
-- LinkedIn newcomers were put on UTC without being asked: their browser's zone is taken on their next visit.
UPDATE "users" SET "time_zone_set" = false
WHERE "time_zone" = 'UTC' AND "password_hash" IS NULL
  AND EXISTS (SELECT 1 FROM "oauth_identities" o WHERE o."user_id" = "users"."id");
