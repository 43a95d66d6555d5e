import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "../../../db/client.server";
import { linkClicks, pointEvents, shares } from "../../../db/schema";
import { clickStatsFromShares, markClickStats } from "../click-stats.server";
import { countedShare, sharePointsSource } from "../share-counting.server";
import type { PointsSettings } from "./settings.server";

/**
 * The ledger rows (user_id, kind, points, source, created_at) of share and click points, as the award
 * run writes them: row by row on an incremental run (ledger.server.ts's insertPoints), or in bulk on a
 * first run (loadWholeLedger).
 */

/**
 * Share points for shares published in [since, now]. Unverified shares: the first per rep, item and
 * network, under a key that allows it once (decision 014).
 */
export function sharePointsSql(p: PointsSettings, since: Date, now: Date): SQL {
  return sql`
    select user_id, 'share'::text as kind,
           (case method
              when 'api' then ${p.apiShare}::int
              when 'intent' then ${p.intentShare}::int
              else ${p.copyShare}::int
            end) as points,
           ${sharePointsSource("sh")} as source, published_at as created_at
    from ${shares} sh
    where ${countedShare("sh")} and published_at >= ${since} and published_at <= ${now}`;
}

/**
 * Click points per share and finished UTC day (before `today`), capped; `visits` yields
 * (user_id, share_id, day, n) with n the unique human visitors of that share on that day.
 */
export function clickPointsSql(p: PointsSettings, today: string): (visits: SQL) => SQL {
  return (visits) => sql`
    select v.user_id, 'clicks'::text as kind,
           least(v.n, ${p.clickCapPerShareDay}::int)::int * ${p.uniqueClick}::int as points,
           v.share_id || ':' || v.day as source,
           (v.day + 1)::timestamp at time zone 'UTC' - interval '1 second' as created_at
    from (${visits}) as v
    where v.day < ${today}::date`;
}

/** (user_id, share_id, day, n): unique human visitors per share and UTC day of the clicks in [from, to). */
export function clickVisitsSql(from: Date, to: Date): SQL {
  return sql`
    select s.user_id, c.share_id, (c.clicked_at at time zone 'UTC')::date as day,
           count(distinct c.visitor_hash)::int as n
    from ${linkClicks} c
    join ${shares} s on s.id = c.share_id
    where not c.is_bot and c.clicked_at >= ${from} and c.clicked_at < ${to}
    group by s.user_id, c.share_id, 3`;
}

/**
 * The whole share and click ledger of a first run, inside bulkLoadLedger. One pass over the clicks
 * (sorted by share and day) yields both the unique visitors per share and day (click points) and per
 * share (the click badges' counts), so six million clicks are read once.
 */
export async function loadWholeLedger(
  tx: Db,
  shareRows: SQL,
  clickRows: (visits: SQL) => SQL,
): Promise<{ sharePoints: number; clickPoints: number }> {
  const [sharesLoaded] = await rows<{ n: number }>(
    tx,
    sql`
      with ledger as (
        insert into ${pointEvents} (user_id, kind, points, source, created_at)
        ${shareRows}
        returning 1)
      select count(*)::int as n from ledger`,
  );
  // Click ids are settled first: inserts still in flight finish, and later ones get higher ids than the
  // highest this pass sees (see refreshClickStats). Clicks wait for the load; the redirects do not.
  await tx.execute(sql`lock table ${linkClicks} in share mode`);
  const [clicks] = await rows<{ n: number; last_click_id: number | null }>(
    tx,
    sql`
      with visits as materialized (
             select share_id, (clicked_at at time zone 'UTC')::date as day,
                    count(distinct visitor_hash collate "C")::int as n
             from ${linkClicks}
             where not is_bot
             group by rollup (share_id, 2)),
           stats as (
             ${clickStatsFromShares(sql`
               select s.user_id, v.n
               from visits v
               join ${shares} s on s.id = v.share_id
               where v.day is null`)}
             returning 1),
           ledger as (
             insert into ${pointEvents} (user_id, kind, points, source, created_at)
             ${clickRows(sql`
               select s.user_id, v.share_id, v.day, v.n
               from visits v
               join ${shares} s on s.id = v.share_id
               where v.day is not null`)}
             returning 1)
      select (select count(*)::int from ledger) as n,
             (select count(*) from stats) as stats,
             (select max(id) from ${linkClicks}) as last_click_id`,
  );
  await markClickStats(tx, Number(clicks?.last_click_id ?? 0));
  return { sharePoints: sharesLoaded?.n ?? 0, clickPoints: clicks?.n ?? 0 };
}
