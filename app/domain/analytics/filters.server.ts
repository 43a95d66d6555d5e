import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "../../../db/client.server";
import { shares, teams, users } from "../../../db/schema";
import { NETWORKS, type Network } from "../networks";
import { countedShare, SHARED_STATUSES } from "../share-counting.server";
import { dateRange, MAX_REPORT_DAYS } from "../validation";
import type { SessionUser } from "../auth.server";

/** The analytics page's filters (range, team, network) and the scoped shares every number starts from. */

/** A team id no team has: a manager without a team sees an empty report rather than everybody's. */
const NO_TEAM = "00000000-0000-0000-0000-000000000000";

export interface AnalyticsFilters {
  from: string;
  to: string;
  teamId: string | null;
  network: Network | null;
  /** True when the team was forced by the viewer's role (managers see their own team only). */
  teamLocked: boolean;
  /** A date in the URL that was replaced (it does not exist, or the range was too long), in words. */
  problem?: string | null;
}

/** Date range and filters from the URL; managers are pinned to their own team whatever the URL says. */
export function parseAnalyticsFilters(
  params: URLSearchParams,
  viewer: Pick<SessionUser, "role" | "teamId">,
  today = new Date(),
): AnalyticsFilters {
  const { from, to, problem } = dateRange(params, { today, days: 90, maxDays: MAX_REPORT_DAYS });
  const network = z.enum(NETWORKS).safeParse(params.get("network")).data ?? null;
  if (viewer.role === "manager")
    return { from, to, network, teamId: viewer.teamId ?? NO_TEAM, teamLocked: true, problem };
  const teamId = z.string().uuid().safeParse(params.get("team")).data ?? null;
  return { from, to, network, teamId, teamLocked: false, problem };
}

/**
 * Shares in range and scope, with their team; the base of every program number. Verified (posted by API)
 * and unverified (share page, copy) ones both, told apart by `verified`; `counted` is false for an
 * unverified share repeating an earlier one of the same rep, item and network (decision 014). Clicks
 * through any of them are real, so they all stay in for the clicks.
 */
export function scopedShares(f: AnalyticsFilters): SQL {
  return sql`
    select s.id, s.user_id, s.item_id, s.pack_id, s.network::text as network, s.published_at, u.team_id,
           s.status = 'published' as verified,
           ${countedShare("s")} as counted
    from ${shares} s
    join ${users} u on u.id = s.user_id
    where s.status in ${SHARED_STATUSES}
      and s.published_at >= (${f.from}::date::timestamp at time zone 'UTC')
      and s.published_at < ((${f.to}::date + 1)::timestamp at time zone 'UTC')
      ${f.teamId ? sql`and u.team_id = ${f.teamId}` : sql``}
      ${f.network ? sql`and s.network = ${f.network}` : sql``}`;
}

/** Every team, by name, for the team filter. */
export function teamsForFilter(db: Db): Promise<{ id: string; name: string }[]> {
  return rows<{ id: string; name: string }>(db, sql`select id, name from ${teams} order by name`);
}
