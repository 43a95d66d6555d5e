import { sql } from "drizzle-orm";
import { rows, type Db } from "../../../db/client.server";
import { contentItems, linkClicks, packs, teams } from "../../../db/schema";
import { scopedShares, type AnalyticsFilters } from "./filters.server";

/** Shares and clicks: the program's volume by network, team, week, item and pack. */

export const DIMENSIONS = ["network", "team", "week", "item", "pack"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface StatRow {
  key: string;
  label: string;
  /** Verified shares: posted through the network's API. */
  shares: number;
  /** Shared through the network's page or copied, once per rep, item and network: maybe posted. */
  unverified: number;
  uniqueClicks: number;
}

export type ProgramStats = Record<Dimension, StatRow[]>;

/**
 * Shares and unique clicks (distinct non-bot visitors per share) by network, team, week, item and pack,
 * in one pass over the scoped shares (grouping sets). Clicks count toward the share they came through,
 * so a range means "shares published in it". Items and packs keep the top `top` by shares.
 */
export async function programStats(db: Db, f: AnalyticsFilters, top = 10): Promise<ProgramStats> {
  const result = await rows<{
    dim: Dimension;
    key: string | null;
    label: string | null;
    shares: number;
    unverified: number;
    unique_clicks: number;
  }>(
    db,
    sql`
      with s as (${scopedShares(f)}),
      c as (
        select share_id, count(*)::int as uniq
        from (
          select distinct lc.share_id, lc.visitor_hash
          from ${linkClicks} lc
          join s on s.id = lc.share_id
          where not lc.is_bot
        ) v
        group by 1
      ),
      j as (
        select s.network, s.team_id, s.item_id, s.pack_id,
               to_char(date_trunc('week', s.published_at at time zone 'UTC'), 'YYYY-MM-DD') as week,
               s.verified, s.counted, coalesce(c.uniq, 0) as uniq
        from s
        left join c on c.share_id = s.id
      ),
      g as (
        select case when grouping(network) = 0 then 'network'
                    when grouping(team_id) = 0 then 'team'
                    when grouping(week) = 0 then 'week'
                    when grouping(item_id) = 0 then 'item'
                    else 'pack' end as dim,
               coalesce(network, team_id::text, week, item_id::text, pack_id::text) as key,
               (count(*) filter (where verified))::int as shares,
               (count(*) filter (where not verified and counted))::int as unverified,
               sum(uniq)::int as unique_clicks
        from j
        group by grouping sets ((network), (team_id), (week), (item_id), (pack_id))
      )
      select g.dim, g.key, coalesce(t.name, ci.title, p.title, g.key) as label,
             g.shares, g.unverified, g.unique_clicks
      from g
      left join ${teams} t on g.dim = 'team' and t.id::text = g.key
      left join ${contentItems} ci on g.dim = 'item' and ci.id::text = g.key
      left join ${packs} p on g.dim = 'pack' and p.id::text = g.key
      where not (g.dim = 'pack' and g.key is null)`,
  );
  const out: ProgramStats = { network: [], team: [], week: [], item: [], pack: [] };
  for (const r of result) {
    const label = r.dim === "team" && r.key === null ? "No team" : (r.label ?? "");
    out[r.dim].push({
      key: r.key ?? "",
      label,
      shares: r.shares,
      unverified: r.unverified,
      uniqueClicks: r.unique_clicks,
    });
  }
  const byVolume = (a: StatRow, b: StatRow) =>
    b.shares + b.unverified - (a.shares + a.unverified) ||
    b.uniqueClicks - a.uniqueClicks ||
    a.label.localeCompare(b.label);
  out.week.sort((a, b) => a.key.localeCompare(b.key));
  for (const dim of ["network", "team", "item", "pack"] as const) out[dim].sort(byVolume);
  out.item = out.item.slice(0, top);
  out.pack = out.pack.slice(0, top);
  return out;
}

export interface UnsharedItem {
  id: string;
  title: string;
  type: string;
  publishAt: Date | null;
}

/** Published content items that no one in scope shared in the range. */
export async function itemsNobodyShared(db: Db, f: AnalyticsFilters): Promise<UnsharedItem[]> {
  const result = await rows<{ id: string; title: string; type: string; publish_at: Date | null }>(
    db,
    sql`
      with s as (${scopedShares(f)})
      select ci.id, ci.title, ci.type::text as type, ci.publish_at
      from ${contentItems} ci
      where ci.status = 'published' and not exists (select 1 from s where s.item_id = ci.id)
      order by ci.publish_at desc nulls last, ci.title
      limit 200`,
  );
  return result.map((r) => ({ id: r.id, title: r.title, type: r.type, publishAt: r.publish_at }));
}
