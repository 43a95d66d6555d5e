import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "../../db/client.server";

/**
 * Ledger rows and the daily rollup move together in one statement: the insert skips rows whose
 * (kind, source) exists, and only the rows it really inserted are added to user_points_daily. So a
 * rerun, a concurrent run or a crashed run never counts anything twice.
 */
export function ledgerAndRollup(candidates: SQL) {
  return sql`inserted as (
      insert into point_events (user_id, kind, points, source, created_at)
      select user_id, kind, points, source, created_at from (${candidates}) as c
      on conflict (kind, source) do nothing
      returning user_id, points, created_at),
    rolled as (
      insert into user_points_daily (user_id, day, points)
      select user_id, (created_at at time zone 'UTC')::date, sum(points)::int from inserted group by 1, 2
      on conflict (user_id, day) do update set points = user_points_daily.points + excluded.points
      returning 1)`;
}

export function insertPoints(candidates: SQL) {
  return sql`with ${ledgerAndRollup(candidates)} select (select count(*)::int from inserted) as inserted`;
}

/**
 * Runs a ledger insert and returns how many rows it added. A full recompute groups millions of clicks:
 * the statement gets more sort memory than Postgres's 4 MB default so it does not spill to disk.
 */
export async function awardedCount(db: Db, query: SQL): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '256MB'`);
    const [row] = await rows<{ inserted: number }>(tx as unknown as Db, query);
    return row?.inserted ?? 0;
  });
}
