import { sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "../../../db/client.server";
import { pointEvents, shareDayVisitors, shares } from "../../../db/schema";
import { LEDGER_COLUMNS, ledgerRow } from "../ledger.server";
import { countedShare, countedSharesInBulk, sharePointsSource } from "../share-counting.server";
import type { PointsSettings } from "./settings.server";

/**
 * The ledger rows (ledger.server.ts's LEDGER_COLUMNS) of share and click points, as the award run writes
 * them: row by row on an incremental run (ledger.server.ts's insertPoints), or in bulk on a first run
 * (loadWholeLedger).
 */

/**
 * Share points for shares published in [since, now], keyed by the share. Unverified shares: the first
 * per rep, item and network, also under a text key that allows it once (decision 014).
 */
export function sharePointsSql(
  p: PointsSettings,
  since: Date,
  now: Date,
  { allAtOnce = false }: { allAtOnce?: boolean } = {},
): SQL {
  // A first run reads every share: countedSharesInBulk picks the counted ones in one sort (see there).
  const counted = allAtOnce
    ? sql`${countedSharesInBulk()} sh where true`
    : sql`${shares} sh where ${countedShare("sh")}`;
  return sql`
    select ${ledgerRow({
      userId: sql`user_id`,
      kind: "share",
      points: sql`(case method
                     when 'api' then ${p.apiShare}::int
                     when 'intent' then ${p.intentShare}::int
                     else ${p.copyShare}::int
                   end)`,
      shareId: sql`sh.id`,
      source: sharePointsSource("sh"),
      createdAt: sql`published_at`,
    })}
    from ${counted} and published_at >= ${since} and published_at <= ${now}`;
}

/**
 * Click points per share and finished UTC day (before `today`), capped, keyed by (share, day); `visits`
 * yields (user_id, share_id, day, n) with n the unique human visitors of that share on that day.
 */
export function clickPointsSql(p: PointsSettings, today: string): (visits: SQL) => SQL {
  return (visits) => sql`
    select ${ledgerRow({
      userId: sql`v.user_id`,
      kind: "clicks",
      points: sql`least(v.n, ${p.clickCapPerShareDay}::int)::int * ${p.uniqueClick}::int`,
      shareId: sql`v.share_id`,
      day: sql`v.day`,
      createdAt: sql`(v.day + 1)::timestamp at time zone 'UTC' - interval '1 second'`,
    })}
    from (${visits}) as v
    where v.day < ${today}::date`;
}

/**
 * (user_id, share_id, day, n): unique human visitors per share and UTC day, for the days in [from, to)
 * (all days without bounds). They are counted as the clicks are written (share_day_visitors, decision
 * 022): here they are only read, one index range of days.
 */
export function clickVisitsSql(range?: { from: Date; to: Date }): SQL {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const inRange = range ? sql`where day >= ${day(range.from)}::date and day < ${day(range.to)}::date` : sql``;
  return sql`select user_id, share_id, day, visitors as n from ${shareDayVisitors} ${inRange}`;
}

/** The whole share and click ledger of a first run, inside bulkLoadLedger: plain inserts into an empty ledger. */
export async function loadWholeLedger(
  tx: Db,
  shareRows: SQL,
  clickRows: (visits: SQL) => SQL,
): Promise<{ sharePoints: number; clickPoints: number }> {
  const count = async (candidates: SQL) => {
    const [row] = await rows<{ n: number }>(
      tx,
      sql`
        with ledger as (
          insert into ${pointEvents} (${LEDGER_COLUMNS})
          ${candidates}
          returning 1)
        select count(*)::int as n from ledger`,
    );
    return row?.n ?? 0;
  };
  return { sharePoints: await count(shareRows), clickPoints: await count(clickRows(clickVisitsSql())) };
}
