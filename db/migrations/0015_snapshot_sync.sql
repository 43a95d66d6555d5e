-- Snapshot sync, no schema change. Migrations 0011–0014 were written by hand and drizzle-kit's snapshots were not
-- updated with them, so `drizzle-kit generate` proposed recreating what they had already made. This migration's
-- snapshot (meta/0015_snapshot.json) records the schema they produced; the next `generate` diffs against it.
SELECT 1;
