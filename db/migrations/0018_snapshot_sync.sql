-- Snapshot sync. Migrations 0016 and 0017 were written by hand on parallel branches; this migration's snapshot
-- (meta/0018_snapshot.json) records the schema they produced, so the next `drizzle-kit generate` diffs against it.
-- The only change: 0017's foreign keys get the names drizzle-kit gives them (Postgres had named them *_fkey).
-- Its journal time was first set earlier than 0017's, so databases already at 0017 skipped it; it now runs after
-- 0017 and renames only what still has the old name, so it is a no-op where it ran before.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'content_review_views_reviewer_id_fkey') THEN
    ALTER TABLE "content_review_views" RENAME CONSTRAINT "content_review_views_reviewer_id_fkey" TO "content_review_views_reviewer_id_users_id_fk";
  END IF;
  IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'content_review_views_item_id_fkey') THEN
    ALTER TABLE "content_review_views" RENAME CONSTRAINT "content_review_views_item_id_fkey" TO "content_review_views_item_id_content_items_id_fk";
  END IF;
END
$$;
