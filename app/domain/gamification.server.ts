import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { rows } from "../../db/client.server";
import { jobState, settings } from "../../db/schema";
import { refreshLeaderboards } from "./leaderboard.server";

/** Points defaults from DESIGN; admins override them in the settings table under "points". */
export const DEFAULT_POINTS = { apiShare: 10, intentShare: 5, copyShare: 5, uniqueClick: 1, clickCapPerShareDay: 20 } as const;
export type PointsSettings = { [K in keyof typeof DEFAULT_POINTS]: number };

export const LEVELS = [
  { name: "Newcomer", from: 0 },
  { name: "Contributor", from: 50 },
  { name: "Advocate", from: 150 },
  { name: "Influencer", from: 400 },
  { name: "Champion", from: 1000 },
  { name: "Legend", from: 2500 },
] as const;

export function levelFor(points: number) {
  let index = 0;
  LEVELS.forEach((level, i) => {
    if (points >= level.from) index = i;
  });
  const next = LEVELS[index + 1];
  return { level: index + 1, name: LEVELS[index]!.name, next: next ? { name: next.name, needs: next.from - points } : null };
}

export async function getPointsSettings(db: Db): Promise<PointsSettings> {
  const [row] = await db.select().from(settings).where(eq(settings.key, "points"));
  return { ...DEFAULT_POINTS, ...((row?.value as Partial<PointsSettings>) ?? {}) };
}

/**
 * Ledger rows and the daily rollup move together in one statement: the insert skips rows whose
 * (kind, source) exists, and only the rows it really inserted are added to user_points_daily. So a
 * rerun, a concurrent run or a crashed run never counts anything twice.
 */
function ledgerAndRollup(candidates: SQL) {
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

function insertPoints(candidates: SQL) {
  return sql`with ${ledgerAndRollup(candidates)} select (select count(*)::int from inserted) as inserted`;
}

async function awardedCount(db: Db, query: SQL): Promise<number> {
  const [row] = await rows<{ inserted: number }>(db, query);
  return row?.inserted ?? 0;
}

/** Badge rules as SQL: each yields (user_id, progress) for every user with any progress. */
const BADGE_PROGRESS: Record<string, string> = {
  shares: `select user_id, count(*)::int as progress from shares where status = 'published' group by user_id`,
  networks: `select user_id, count(distinct network)::int from shares where status = 'published' group by user_id`,
  scheduled_shares: `select user_id, count(*)::int from shares where status = 'published' and scheduled_at is not null group by user_id`,
  clicks: `select s.user_id, count(distinct (c.share_id, c.visitor_hash))::int from link_clicks c join shares s on s.id = c.share_id where not c.is_bot group by s.user_id`,
  share_clicks: `select user_id, max(n)::int from (select s.user_id, count(distinct c.visitor_hash) n from link_clicks c join shares s on s.id = c.share_id where not c.is_bot group by s.user_id, s.id) x group by user_id`,
  first_to_share: `select user_id, count(*)::int from (select distinct on (item_id) item_id, user_id from shares where status = 'published' order by item_id, published_at, id) f group by user_id`,
  pack_early: `select s.user_id, count(*)::int from shares s join packs p on p.id = s.pack_id where s.status = 'published' and p.published_at is not null and s.published_at between p.published_at and p.published_at + interval '2 hours' group by s.user_id`,
  pack_items: `select user_id, max(n)::int from (select user_id, pack_id, count(distinct item_id) n from shares where status = 'published' and pack_id is not null group by user_id, pack_id) x group by user_id`,
  // Working days (Mon-Fri) in the rep's own zone; weekends neither count nor break a streak.
  streak_days: `select user_id, max(n)::int from (
      select user_id, count(*) n from (
        select user_id, idx, idx - row_number() over (partition by user_id order by idx) grp from (
          select distinct s.user_id,
                 ((d - date '1970-01-05') / 7) * 5 + ((d - date '1970-01-05') % 7) as idx
          from shares s join users u on u.id = s.user_id
          cross join lateral (select (s.published_at at time zone u.time_zone)::date d) local
          where s.status = 'published' and ((d - date '1970-01-05') % 7) < 5) days) islands
      group by user_id, grp) streaks group by user_id`,
};

export const BADGE_RULE_KINDS = Object.keys(BADGE_PROGRESS);

/** Awards every badge whose threshold a user reached, once, with its bonus and a notification. */
async function awardBadges(db: Db, now: Date): Promise<number> {
  let awarded = 0;
  const active = await rows<{ id: string; name: string; rule_kind: string; threshold: number; bonus_points: number }>(
    db,
    sql`select id, name, rule_kind, threshold, bonus_points from badges where retired_at is null`,
  );
  for (const badge of active) {
    const progress = BADGE_PROGRESS[badge.rule_kind];
    if (!progress) continue;
    // Badge, bonus points, rollup and notification in one statement: set-based, and all or nothing.
    const [row] = await rows<{ earned: number }>(
      db,
      sql`with earned as (
            insert into user_badges (user_id, badge_id, earned_at)
            select p.user_id, ${badge.id}, ${now} from (${sql.raw(progress)}) as p(user_id, progress)
            join users u on u.id = p.user_id and u.deactivated_at is null
            where p.progress >= ${badge.threshold}
            on conflict do nothing
            returning user_id),
          ${ledgerAndRollup(sql`select user_id, 'badge'::text as kind, ${badge.bonus_points}::int as points, ${badge.id} || ':' || user_id as source, ${now}::timestamptz as created_at from earned where ${badge.bonus_points}::int > 0`)},
          notes as (
            insert into notifications (user_id, kind, title, body, link, dedupe_key)
            select user_id, 'badge', ${`New badge: ${badge.name}`}, '', '/me', ${`badge:${badge.id}`} from earned
            on conflict do nothing
            returning 1)
          select (select count(*)::int from earned) as earned`,
    );
    awarded += row?.earned ?? 0;
  }
  return awarded;
}

const WATERMARK = "award";

/**
 * The award job. Share points from shares published since the watermark (with an hour of overlap for
 * late commits; the ledger's unique key absorbs it), unique-click points for each finished UTC day
 * (capped per share per day), then badges.
 */
export async function awardPoints(db: Db, now: Date): Promise<{ sharePoints: number; clickPoints: number; badges: number }> {
  const p = await getPointsSettings(db);
  const [state] = await db.select().from(jobState).where(eq(jobState.name, WATERMARK));
  const since = state ? new Date(new Date((state.value as { since: string }).since).getTime() - 3600_000) : new Date(0);
  const sharePoints = await awardedCount(
    db,
    insertPoints(sql`
      select user_id, 'share'::text as kind,
             (case method when 'api' then ${p.apiShare}::int when 'intent' then ${p.intentShare}::int else ${p.copyShare}::int end) as points,
             id::text as source, published_at as created_at
      from shares where status = 'published' and published_at >= ${since} and published_at <= ${now}`),
  );
  const today = now.toISOString().slice(0, 10);
  const clickPoints = await awardedCount(
    db,
    insertPoints(sql`
      select s.user_id, 'clicks'::text as kind, least(count(distinct c.visitor_hash), ${p.clickCapPerShareDay}::int)::int * ${p.uniqueClick}::int as points,
             s.id || ':' || (c.clicked_at at time zone 'UTC')::date as source,
             ((c.clicked_at at time zone 'UTC')::date + 1)::timestamp at time zone 'UTC' - interval '1 second' as created_at
      from link_clicks c join shares s on s.id = c.share_id
      where not c.is_bot and c.clicked_at >= ${new Date(since.getTime() - 86400_000)} and (c.clicked_at at time zone 'UTC')::date < ${today}::date
      group by s.user_id, s.id, (c.clicked_at at time zone 'UTC')::date`),
  );
  const badges = await awardBadges(db, now);
  await refreshLeaderboards(db, now);
  await db
    .insert(jobState)
    .values({ name: WATERMARK, value: { since: now.toISOString() }, updatedAt: now })
    .onConflictDoUpdate({ target: jobState.name, set: { value: { since: now.toISOString() }, updatedAt: now } });
  return { sharePoints, clickPoints, badges };
}

/** Forgets everything the award job derived, so the next run recomputes the ledger from scratch. */
export async function resetAwards(db: Db): Promise<void> {
  await db.execute(sql`delete from point_events where kind in ('share', 'clicks', 'badge')`);
  await db.execute(sql`delete from user_badges`);
  await db.execute(sql`delete from user_points_daily`);
  await db.execute(sql`delete from leaderboard_snapshots`);
  await db.delete(jobState).where(and(eq(jobState.name, WATERMARK)));
}
