import { sql } from "drizzle-orm";
import { rows, type Db } from "../../../db/client.server";
import { users } from "../../../db/schema";
import { scopedShares, type AnalyticsFilters } from "./filters.server";

/** Adoption: how many people with an account share, week by week. */

export interface AdoptionRow {
  week: string;
  active: number;
  invited: number;
  rate: number | null;
}

/** Per week: advocates who published at least one share ÷ people with an account (not deactivated) that week. */
export async function adoption(db: Db, f: AnalyticsFilters): Promise<AdoptionRow[]> {
  const result = await rows<{ week: string; active: number; invited: number }>(
    db,
    sql`
      with weeks as (
        select w::date as wk
        from generate_series(
          date_trunc('week', ${f.from}::date::timestamp),
          date_trunc('week', ${f.to}::date::timestamp),
          interval '1 week'
        ) w
      ),
      s as (${scopedShares(f)}),
      act as (
        select wk, count(*)::int as active
        from (select distinct date_trunc('week', published_at at time zone 'UTC')::date as wk, user_id from s) d
        group by 1
      ),
      inv as (
        select weeks.wk, count(u.id)::int as invited
        from weeks
        join ${users} u
          on u.created_at < ((weeks.wk + 7)::timestamp at time zone 'UTC')
         and (u.deactivated_at is null or u.deactivated_at >= (weeks.wk::timestamp at time zone 'UTC'))
         ${f.teamId ? sql`and u.team_id = ${f.teamId}` : sql``}
        group by 1
      )
      select to_char(weeks.wk, 'YYYY-MM-DD') as week,
             coalesce(act.active, 0) as active,
             coalesce(inv.invited, 0) as invited
      from weeks
      left join act on act.wk = weeks.wk
      left join inv on inv.wk = weeks.wk
      order by 1`,
  );
  return result.map((r) => ({ ...r, rate: r.invited > 0 ? r.active / r.invited : null }));
}
