ALTER TABLE "point_events" DROP CONSTRAINT "point_events_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "user_points_daily" DROP CONSTRAINT "user_points_daily_user_id_users_id_fk";
