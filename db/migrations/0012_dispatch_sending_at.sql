-- Dispatch at most once (decision 013). sending_at: the moment a worker, still holding its claim, let a
-- request leave for the network; a claim that lapses without it was never sent and goes out again by
-- itself. review_checks: how many times dispatch asked the network whether an unknown outcome was posted.
ALTER TABLE "shares" ADD COLUMN "sending_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "shares" ADD COLUMN "review_checks" integer DEFAULT 0 NOT NULL;
