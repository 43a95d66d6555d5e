import { eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "../../db/client.server";
import { settings } from "../../db/schema";
import { audit } from "./audit.server";
import { countedShare, SHARED_STATUSES } from "./share-counting.server";
import { dateRange, MAX_REPORT_DAYS } from "./validation";
import type { SessionUser } from "./auth.server";

/* ---------------------------------------------------------------- filters */

const NETWORKS = ["linkedin", "x", "facebook"] as const;
export type Network = (typeof NETWORKS)[number];
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
function scopedShares(f: AnalyticsFilters): SQL {
  return sql`select s.id, s.user_id, s.item_id, s.pack_id, s.network::text as network, s.published_at, u.team_id,
                    s.status = 'published' as verified, ${countedShare("s")} as counted
             from shares s join users u on u.id = s.user_id
             where s.status in ${SHARED_STATUSES}
               and s.published_at >= (${f.from}::date::timestamp at time zone 'UTC')
               and s.published_at < ((${f.to}::date + 1)::timestamp at time zone 'UTC')
               ${f.teamId ? sql`and u.team_id = ${f.teamId}` : sql``}
               ${f.network ? sql`and s.network = ${f.network}` : sql``}`;
}

/* ------------------------------------------------------- shares and clicks */

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
    sql`with s as (${scopedShares(f)}),
        c as (select share_id, count(*)::int as uniq
              from (select distinct lc.share_id, lc.visitor_hash from link_clicks lc join s on s.id = lc.share_id where not lc.is_bot) v
              group by 1),
        j as (select s.network, s.team_id, s.item_id, s.pack_id, to_char(date_trunc('week', s.published_at at time zone 'UTC'), 'YYYY-MM-DD') as week,
                     s.verified, s.counted, coalesce(c.uniq, 0) as uniq
              from s left join c on c.share_id = s.id),
        g as (select case when grouping(network) = 0 then 'network' when grouping(team_id) = 0 then 'team' when grouping(week) = 0 then 'week'
                          when grouping(item_id) = 0 then 'item' else 'pack' end as dim,
                     coalesce(network, team_id::text, week, item_id::text, pack_id::text) as key,
                     (count(*) filter (where verified))::int as shares,
                     (count(*) filter (where not verified and counted))::int as unverified, sum(uniq)::int as unique_clicks
              from j group by grouping sets ((network), (team_id), (week), (item_id), (pack_id)))
        select g.dim, g.key, coalesce(t.name, ci.title, p.title, g.key) as label, g.shares, g.unverified, g.unique_clicks
        from g
        left join teams t on g.dim = 'team' and t.id::text = g.key
        left join content_items ci on g.dim = 'item' and ci.id::text = g.key
        left join packs p on g.dim = 'pack' and p.id::text = g.key
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

/** Published content items that no one in scope shared in the range. */
export async function itemsNobodyShared(db: Db, f: AnalyticsFilters) {
  return rows<{ id: string; title: string; type: string; publish_at: Date | null }>(
    db,
    sql`with s as (${scopedShares(f)})
        select ci.id, ci.title, ci.type::text as type, ci.publish_at
        from content_items ci
        where ci.status = 'published' and not exists (select 1 from s where s.item_id = ci.id)
        order by ci.publish_at desc nulls last, ci.title
        limit 200`,
  );
}

/* ---------------------------------------------------------------- adoption */

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
    sql`with weeks as (
          select w::date as wk from generate_series(date_trunc('week', ${f.from}::date::timestamp), date_trunc('week', ${f.to}::date::timestamp), interval '1 week') w),
        s as (${scopedShares(f)}),
        act as (select wk, count(*)::int as active
                from (select distinct date_trunc('week', published_at at time zone 'UTC')::date as wk, user_id from s) d group by 1),
        inv as (select weeks.wk, count(u.id)::int as invited
                from weeks join users u
                  on u.created_at < ((weeks.wk + 7)::timestamp at time zone 'UTC')
                 and (u.deactivated_at is null or u.deactivated_at >= (weeks.wk::timestamp at time zone 'UTC'))
                 ${f.teamId ? sql`and u.team_id = ${f.teamId}` : sql``}
                group by 1)
        select to_char(weeks.wk, 'YYYY-MM-DD') as week, coalesce(act.active, 0) as active, coalesce(inv.invited, 0) as invited
        from weeks left join act on act.wk = weeks.wk left join inv on inv.wk = weeks.wk
        order by 1`,
  );
  return result.map((r) => ({ ...r, rate: r.invited > 0 ? r.active / r.invited : null }));
}

/* ------------------------------------------------------- earned media value */

export const emvRateSchema = z.object({
  cpc: z.coerce
    .number({ invalid_type_error: "Enter a number" })
    .min(0, "Must be 0 or more")
    .max(1000, "That CPC looks too high"),
  cpm: z.coerce
    .number({ invalid_type_error: "Enter a number" })
    .min(0, "Must be 0 or more")
    .max(10_000, "That CPM looks too high"),
  impressionsPerShare: z.coerce
    .number({ invalid_type_error: "Enter a number" })
    .int("Use a whole number")
    .min(0, "Must be 0 or more")
    .max(1_000_000, "That estimate looks too high"),
});
export type EmvRate = z.infer<typeof emvRateSchema>;
export type EmvRates = Record<Network, EmvRate>;
export const emvRatesSchema = z.object({ linkedin: emvRateSchema, x: emvRateSchema, facebook: emvRateSchema });

export const DEFAULT_EMV_RATES: EmvRates = {
  linkedin: { cpc: 5.5, cpm: 30, impressionsPerShare: 350 },
  x: { cpc: 1.2, cpm: 6.5, impressionsPerShare: 200 },
  facebook: { cpc: 0.9, cpm: 11, impressionsPerShare: 150 },
};
const EMV_KEY = "emv_rates";

export async function getEmvRates(db: Db): Promise<EmvRates> {
  const [row] = await db.select().from(settings).where(eq(settings.key, EMV_KEY));
  const parsed = emvRatesSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_EMV_RATES;
}

export async function saveEmvRates(db: Db, actorId: string, rates: EmvRates): Promise<void> {
  await db
    .insert(settings)
    .values({ key: EMV_KEY, value: rates, updatedBy: actorId })
    .onConflictDoUpdate({ target: settings.key, set: { value: rates, updatedBy: actorId, updatedAt: new Date() } });
  await audit(db, { actorId, action: "settings.emv_rates", targetType: "settings", targetId: EMV_KEY, detail: rates });
}

export interface EmvRow {
  network: Network;
  shares: number;
  uniqueClicks: number;
  impressions: number;
  clickValue: number;
  impressionValue: number;
  value: number;
}

/**
 * EMV = unique clicks × CPC + estimated impressions / 1000 × CPM, where impressions = verified shares ×
 * estimate per share (an unverified share may never have been posted; its clicks, if any, are real).
 */
export function earnedMediaValue(byNetwork: StatRow[], rates: EmvRates): { rows: EmvRow[]; total: number } {
  const list = NETWORKS.map((network) => {
    const stat = byNetwork.find((r) => r.key === network) ?? { shares: 0, uniqueClicks: 0 };
    const rate = rates[network];
    const impressions = stat.shares * rate.impressionsPerShare;
    const clickValue = stat.uniqueClicks * rate.cpc;
    const impressionValue = (impressions / 1000) * rate.cpm;
    return {
      network,
      shares: stat.shares,
      uniqueClicks: stat.uniqueClicks,
      impressions,
      clickValue,
      impressionValue,
      value: clickValue + impressionValue,
    };
  });
  return { rows: list, total: list.reduce((sum, r) => sum + r.value, 0) };
}

/* ----------------------------------------------------------- advocate score */

export const SCORE = { networks: NETWORKS.length, clickTarget: 50, editedTarget: 10, weeks: 12 } as const;

export interface AdvocateScore {
  userId: string;
  name: string;
  teamName: string | null;
  score: number;
  pillars: { profile: number; reach: number; personalised: number; consistency: number };
  facts: {
    accounts: number;
    hasTitle: boolean;
    hasPhoto: boolean;
    uniqueClicks: number;
    editedShares: number;
    activeWeeks: number;
  };
  /** What would raise the score, pillar by pillar, most points first. */
  tips: string[];
}

/**
 * Four pillars of 25 over the last 12 weeks: profile (5 per connected network, job title, photo), reach
 * (unique clicks up to 50), personalised engagement (shares whose text the rep edited, up to 10) and
 * consistency (weeks with a share, of 12).
 */
export async function advocateScores(
  db: Db,
  scope: { teamId?: string | null; userId?: string; reps?: boolean },
  now = new Date(),
): Promise<AdvocateScore[]> {
  const weekStart = sql`(date_trunc('week', ${now.toISOString()}::timestamptz at time zone 'UTC') - interval '${sql.raw(String(SCORE.weeks - 1))} weeks') at time zone 'UTC'`;
  const result = await rows<{
    id: string;
    name: string;
    team_name: string | null;
    job_title: string | null;
    avatar_url: string | null;
    accounts: number;
    unique_clicks: number;
    edited: number;
    active_weeks: number;
  }>(
    db,
    sql`with u as (
          select u.id, u.name, u.job_title, u.avatar_url, t.name as team_name from users u left join teams t on t.id = u.team_id
          where u.deactivated_at is null
            ${scope.userId ? sql`and u.id = ${scope.userId}` : sql``}
            ${scope.teamId ? sql`and u.team_id = ${scope.teamId}` : sql``}
            ${scope.reps ? sql`and u.role = 'rep'` : sql``}),
        s as (select s.id, s.user_id, s.edited, s.published_at from shares s join u on u.id = s.user_id
              where ${countedShare("s")} and s.published_at >= ${weekStart} and s.published_at <= ${now}),
        a as (select sa.user_id, count(distinct sa.network)::int as n from social_accounts sa join u on u.id = sa.user_id where sa.status = 'active' group by 1),
        sh as (select user_id, count(*) filter (where edited)::int as edited,
                      count(distinct date_trunc('week', published_at at time zone 'UTC'))::int as active_weeks from s group by 1),
        c as (select user_id, count(*)::int as uniq
              from (select distinct s.user_id, lc.share_id, lc.visitor_hash from link_clicks lc join s on s.id = lc.share_id where not lc.is_bot) v
              group by 1)
        select u.id, u.name, u.team_name, u.job_title, u.avatar_url, coalesce(a.n, 0) as accounts, coalesce(c.uniq, 0) as unique_clicks,
               coalesce(sh.edited, 0) as edited, coalesce(sh.active_weeks, 0) as active_weeks
        from u left join a on a.user_id = u.id left join sh on sh.user_id = u.id left join c on c.user_id = u.id
        order by u.name`,
  );
  return result.map((r) => {
    const facts = {
      accounts: r.accounts,
      hasTitle: Boolean(r.job_title?.trim()),
      hasPhoto: Boolean(r.avatar_url),
      uniqueClicks: r.unique_clicks,
      editedShares: r.edited,
      activeWeeks: Math.min(r.active_weeks, SCORE.weeks),
    };
    const pillars = {
      profile: Math.min(facts.accounts, SCORE.networks) * 5 + (facts.hasTitle ? 5 : 0) + (facts.hasPhoto ? 5 : 0),
      reach: Math.round((25 * Math.min(facts.uniqueClicks, SCORE.clickTarget)) / SCORE.clickTarget),
      personalised: Math.round((25 * Math.min(facts.editedShares, SCORE.editedTarget)) / SCORE.editedTarget),
      consistency: Math.round((25 * facts.activeWeeks) / SCORE.weeks),
    };
    const tips: Array<[number, string]> = [];
    const missing = SCORE.networks - Math.min(facts.accounts, SCORE.networks);
    if (missing) tips.push([missing * 5, `Connect ${missing} more network${missing > 1 ? "s" : ""} (+${missing * 5})`]);
    if (!facts.hasTitle)
      tips.push([5, "Get your job title on your profile: sign in with LinkedIn or ask an admin (+5)"]);
    if (!facts.hasPhoto) tips.push([5, "Add a profile photo, e.g. by signing in with LinkedIn (+5)"]);
    if (pillars.reach < 25)
      tips.push([
        25 - pillars.reach,
        `Get ${SCORE.clickTarget - Math.min(facts.uniqueClicks, SCORE.clickTarget)} more unique clicks on your shares: post where your network is active (+${25 - pillars.reach})`,
      ]);
    if (pillars.personalised < 25)
      tips.push([
        25 - pillars.personalised,
        `Edit the suggested text in your own words on ${SCORE.editedTarget - Math.min(facts.editedShares, SCORE.editedTarget)} more shares (+${25 - pillars.personalised})`,
      ]);
    if (pillars.consistency < 25)
      tips.push([
        25 - pillars.consistency,
        `Share at least once a week: ${SCORE.weeks - facts.activeWeeks} of the last ${SCORE.weeks} weeks had no share (+${25 - pillars.consistency})`,
      ]);
    return {
      userId: r.id,
      name: r.name,
      teamName: r.team_name,
      score: pillars.profile + pillars.reach + pillars.personalised + pillars.consistency,
      pillars,
      facts,
      tips: tips.sort((a, b) => b[0] - a[0]).map(([, tip]) => tip),
    };
  });
}

export async function advocateScore(db: Db, userId: string, now = new Date()): Promise<AdvocateScore | null> {
  return (await advocateScores(db, { userId }, now))[0] ?? null;
}

/* ------------------------------------------------------------- job health */

export interface JobRunRow {
  id: number;
  name: string;
  started_at: Date;
  finished_at: Date | null;
  status: string;
  stats: Record<string, unknown> | null;
  error: string | null;
  duration_ms: number | null;
}

/** The last runs of every job (from job_runs), newest first, plus registered jobs that never ran. */
export async function jobHealth(db: Db, registered: string[], perJob = 5) {
  const runs = await rows<JobRunRow>(
    db,
    sql`select id::int as id, name, started_at, finished_at, status, stats, error,
               (extract(epoch from (finished_at - started_at)) * 1000)::int as duration_ms
        from (select r.*, row_number() over (partition by name order by started_at desc) as rn from job_runs r) x
        where rn <= ${perJob} order by name, started_at desc`,
  );
  const names = [...new Set([...registered, ...runs.map((r) => r.name)])].sort();
  return names.map((name) => ({
    name,
    registered: registered.includes(name),
    runs: runs.filter((r) => r.name === name),
  }));
}

export function teamsForFilter(db: Db) {
  return rows<{ id: string; name: string }>(db, sql`select id, name from teams order by name`);
}

/* ------------------------------------------------------- the whole report */

/** Everything the analytics page shows, for one set of filters. */
export async function analyticsReport(db: Db, f: AnalyticsFilters, now = new Date()) {
  const [adoptionRows, stats, unshared, rates, scores] = await Promise.all([
    adoption(db, f),
    programStats(db, f, 10),
    itemsNobodyShared(db, f),
    getEmvRates(db),
    advocateScores(db, { teamId: f.teamId, reps: true }, now),
  ]);
  return {
    adoption: adoptionRows,
    byNetwork: stats.network,
    byTeam: stats.team,
    byWeek: stats.week,
    topItems: stats.item,
    topPacks: stats.pack,
    unshared,
    emv: earnedMediaValue(stats.network, rates),
    rates,
    scores,
  };
}
export type AnalyticsReport = Awaited<ReturnType<typeof analyticsReport>>;

export const ANALYTICS_TABLES = [
  "adoption",
  "network",
  "team",
  "week",
  "items",
  "packs",
  "unshared",
  "emv",
  "scores",
] as const;
export type AnalyticsTable = (typeof ANALYTICS_TABLES)[number];

const money = (v: number) => v.toFixed(2);
const statCsv = (first: string, list: StatRow[]) => ({
  header: [first, "shares", "unverified shares", "unique clicks"],
  body: list.map((r) => [r.label, r.shares, r.unverified, r.uniqueClicks]),
});

/** The CSV of one table on the analytics page: the same rows and numbers as shown. */
export function analyticsCsv(
  report: AnalyticsReport,
  table: AnalyticsTable,
): { header: string[]; body: (string | number)[][] } {
  switch (table) {
    case "adoption":
      return {
        header: ["week", "active advocates", "people with an account", "adoption %"],
        body: report.adoption.map((r) => [
          r.week,
          r.active,
          r.invited,
          r.rate === null ? "" : (r.rate * 100).toFixed(1),
        ]),
      };
    case "network":
      return statCsv("network", report.byNetwork);
    case "team":
      return statCsv("team", report.byTeam);
    case "week":
      return statCsv("week", report.byWeek);
    case "items":
      return statCsv("item", report.topItems);
    case "packs":
      return statCsv("pack", report.topPacks);
    case "unshared":
      return { header: ["item", "type"], body: report.unshared.map((i) => [i.title, i.type]) };
    case "emv":
      return {
        header: [
          "network",
          "shares",
          "unique clicks",
          "estimated impressions",
          "click value",
          "impression value",
          "EMV",
        ],
        body: [
          ...report.emv.rows.map((r) => [
            r.network,
            r.shares,
            r.uniqueClicks,
            r.impressions,
            money(r.clickValue),
            money(r.impressionValue),
            money(r.value),
          ]),
          ["total", "", "", "", "", "", money(report.emv.total)],
        ],
      };
    case "scores":
      return {
        header: ["rep", "team", "score", "profile", "reach", "personalised", "consistency", "what would raise it"],
        body: report.scores.map((s) => [
          s.name,
          s.teamName ?? "",
          s.score,
          s.pillars.profile,
          s.pillars.reach,
          s.pillars.personalised,
          s.pillars.consistency,
          s.tips.join(" | "),
        ]),
      };
  }
}
