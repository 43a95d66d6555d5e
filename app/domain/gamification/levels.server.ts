import { sql } from "drizzle-orm";
import { rows, type Db } from "../../../db/client.server";
import { notifications, pointEvents, userPointsDaily } from "../../../db/schema";
import { readJobState, writeJobState } from "../job-state.server";

export const LEVELS = [
  { name: "Newcomer", from: 0 },
  { name: "Contributor", from: 50 },
  { name: "Advocate", from: 150 },
  { name: "Influencer", from: 400 },
  { name: "Champion", from: 1000 },
  { name: "Legend", from: 2500 },
] as const;

export function levelFor(points: number) {
  let current: (typeof LEVELS)[number] = LEVELS[0];
  let level = 1;
  for (const [i, candidate] of LEVELS.entries())
    if (points >= candidate.from) {
      current = candidate;
      level = i + 1;
    }
  const next = LEVELS[level];
  return {
    level,
    name: current.name,
    next: next ? { name: next.name, needs: next.from - points } : null,
  };
}

/** The job state under which notifyLevelUps keeps the last ledger row it has looked at. */
export const LEVEL_WATERMARK = "award.levels";

/** The last ledger row the previous run had seen (moved by notifyLevelUps at the end of a run). */
export async function levelWatermark(db: Db): Promise<number> {
  return (await readJobState<{ lastEventId: number }>(db, LEVEL_WATERMARK))?.lastEventId ?? 0;
}

/** Users with ledger rows newer than the level watermark (read before notifyLevelUps moves it). */
export async function usersWithNewPoints(db: Db): Promise<string[]> {
  const list = await rows<{ user_id: string }>(
    db,
    sql`select distinct user_id from ${pointEvents} where id > ${await levelWatermark(db)}`,
  );
  return list.map((r) => r.user_id);
}

/**
 * Tells people who reached a new level since the last check. Only users with ledger rows newer than
 * the watermark (point_events.id) are looked at; the dedupe key per level makes it once per level.
 */
export async function notifyLevelUps(db: Db, changed: readonly string[] | null): Promise<number> {
  const after = await levelWatermark(db);
  // The users whose totals moved are known already on an incremental run. After a reset (no watermark)
  // that is everyone with points: their totals are summed straight from the rollup, rather than first
  // finding the distinct users of millions of ledger rows.
  const touched = changed
    ? sql`select unnest(${`{${changed.join(",")}}`}::uuid[]) as user_id`
    : after > 0
      ? sql`select distinct user_id from ${pointEvents} where id > ${after}`
      : null;
  const levelCase = sql.raw(
    `case ${[...LEVELS]
      .map((l, i) => ({ ...l, n: i + 1 }))
      .reverse()
      .map((l) => `when total >= ${l.from} then ${l.n}`)
      .join(" ")} else 1 end`,
  );
  const levelName = sql.raw(`(array[${LEVELS.map((l) => `'${l.name}'`).join(",")}])`);
  const [row] = await rows<{ notified: number; last_id: number | null }>(
    db,
    sql`
      with totals as (
             select d.user_id, sum(d.points)::int as total
             from ${userPointsDaily} d
             ${touched ? sql`join (${touched}) touched using (user_id)` : sql``}
             group by d.user_id),
           levels as (select user_id, ${levelCase} as level from totals),
           notes as (
             insert into ${notifications} (user_id, kind, title, body, link, dedupe_key)
             select user_id, 'level', 'Level up: ' || ${levelName}[level], 'You reached level ' || level || '.',
                    '/me', 'level:' || level
             from levels
             where level > 1
             on conflict do nothing
             returning 1)
      select (select count(*)::int from notes) as notified,
             (select max(id) from ${pointEvents}) as last_id`,
  );
  const lastEventId = Math.max(after, Number(row?.last_id ?? 0));
  await writeJobState(db, { name: LEVEL_WATERMARK, value: { lastEventId } });
  return row?.notified ?? 0;
}
