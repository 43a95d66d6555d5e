import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "../../db/client.server";
import { LOCKS, lockArgs } from "../../db/locks.server";
import { jobState, linkClicks, shareVisitorCounts, shareVisitors, userClickStats } from "../../db/schema";
import { readJobState, writeJobState } from "./job-state.server";

/**
 * Unique visitors per person (user_click_stats), for the click badges: counting them from the raw
 * clicks meant an index probe per share of every person checked, ~20,000 for a minute of activity.
 * The award job keeps them instead, from share_visitor_counts and share_visitors (one row per share and
 * visitor, written with the clicks, decision 022). A share's unique visitors only grow, so a run adds, for each share with
 * new clicks, the visitors whose first click is new; the watermark moves in the same transaction, so
 * a crashed or repeated run never adds anything twice.
 */
const STATE = "award.click_stats";

/** Upserts absolute counts from (user_id, n) rows, one per share: n = that share's unique visitors. */
function clickStatsFromShares(perShare: SQL): SQL {
  return sql`
    insert into ${userClickStats} (user_id, unique_clicks, best_share_clicks)
    select user_id, sum(n)::int, max(n)::int
    from (${perShare}) as per_share
    group by user_id
    on conflict (user_id) do update
      set unique_clicks = excluded.unique_clicks, best_share_clicks = excluded.best_share_clicks`;
}

/** The counts now include every click up to this id. */
function markClickStats(db: Db, lastClickId: number): Promise<void> {
  return writeJobState(db, { name: STATE, value: { lastClickId } });
}

/**
 * Brings the counts up to the latest click: by difference after a first count, else counted whole.
 * Returns the click id they now include. Ids are handed out before an insert commits, so a batch still
 * in flight could commit ids below the highest one seen and never be counted; a SHARE lock on the
 * table waits for such inserts to finish (and holds new ones for these few milliseconds; the redirects
 * answer meanwhile, their clicks are buffered).
 */
export async function refreshClickStats(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    // Two runs adding the same difference would count it twice: they take turns.
    await tx.execute(sql`select pg_advisory_xact_lock(${lockArgs(LOCKS.clickStats)})`);
    await tx.execute(sql`lock table ${linkClicks} in share mode`);
    const after = (await readJobState<{ lastClickId: number }>(tx, STATE))?.lastClickId;
    const [latest] = await rows<{ id: number | null }>(tx, sql`select max(id) as id from ${linkClicks}`);
    const upTo = Number(latest?.id ?? 0);
    // Under the lock every click up to upTo has committed, and with it its visitors and their counts.
    if (after === undefined) {
      await tx.execute(clickStatsFromShares(sql`select user_id, visitors as n from ${shareVisitorCounts}`));
    } else if (upTo > after) {
      // Per share with new clicks: its visitors now less those whose first click is newer than the old
      // watermark (a visitor's row carries its first click, committed with it).
      await tx.execute(sql`
        with touched as (select distinct share_id from ${linkClicks} where id > ${after} and id <= ${upTo}),
             counts as (
               select c.user_id, c.visitors as now_n, c.visitors - v.added as before_n
               from touched t
               join ${shareVisitorCounts} c on c.share_id = t.share_id
               cross join lateral (
                 select count(*)::int as added
                 from ${shareVisitors} sv
                 where sv.share_id = t.share_id and sv.first_click_id > ${after}) v)
        insert into ${userClickStats} as ucs (user_id, unique_clicks, best_share_clicks)
        select user_id, sum(now_n - before_n)::int, max(now_n)::int
        from counts
        group by user_id
        on conflict (user_id) do update
          set unique_clicks = ucs.unique_clicks + excluded.unique_clicks,
              best_share_clicks = greatest(ucs.best_share_clicks, excluded.best_share_clicks)`);
    }
    const counted = Math.max(upTo, after ?? 0);
    await markClickStats(tx, counted);
    return counted;
  });
}

/** Forgets the counts; the next award run counts them again. Both go together, or a crash in between
 * would leave empty counts behind an old watermark that later runs only add to. */
export async function resetClickStats(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${lockArgs(LOCKS.clickStats)})`);
    await tx.execute(sql`truncate ${userClickStats}`);
    await tx.execute(sql`delete from ${jobState} where name = ${STATE}`);
  });
}
