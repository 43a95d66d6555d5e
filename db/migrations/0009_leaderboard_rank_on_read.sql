DROP INDEX "leaderboard_snapshots_rank_idx";--> statement-breakpoint
CREATE INDEX "leaderboard_snapshots_points_idx" ON "leaderboard_snapshots" USING btree ("period","period_start","points");--> statement-breakpoint
ALTER TABLE "leaderboard_snapshots" DROP COLUMN "rank";