import { eq, sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "../../db/client.server";
import { LOCKS, lockArgs } from "../../db/locks.server";
import { badges, leaderboardSnapshots, teams, userBadges, userPointsDaily, users } from "../../db/schema";
import { PERIODS, type Period } from "./periods";
export { PERIODS, type Period };

export interface LeaderboardRow {
  userId: string;
  name: string;
  teamName: string | null;
  points: number;
  rank: number;
  /** Places gained since the previous period (positive = up); null when unranked then. */
  movement: number | null;
  isMe: boolean;
}

/** The UTC day range [start, end) of a period containing `now`, and of the period before it. */
export function periodRange(
  period: Period,
  now: Date,
): { start: string; end: string; prevStart: string; prevEnd: string } {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const tomorrow = utc(y, m, now.getUTCDate() + 1);
  if (period === "all")
    return { start: "1970-01-01", end: day(tomorrow), prevStart: "1970-01-01", prevEnd: "1970-01-01" };
  let start: Date;
  let prevStart: Date;
  if (period === "week") {
    const offset = (now.getUTCDay() + 6) % 7; // Monday-based weeks
    start = utc(y, m, now.getUTCDate() - offset);
    prevStart = utc(y, m, now.getUTCDate() - offset - 7);
  } else if (period === "month") {
    start = utc(y, m, 1);
    prevStart = utc(y, m - 1, 1);
  } else {
    const q = Math.floor(m / 3) * 3;
    start = utc(y, q, 1);
    prevStart = utc(y, q - 3, 1);
  }
  return { start: day(start), end: day(tomorrow), prevStart: day(prevStart), prevEnd: day(start) };
}

/**
 * Keeps everyone's points in every period (and the period before, for movement) ready for the pages,
 * which count ranks as they read. A full run (changed = null) rebuilds each span from the daily
 * rollup; an incremental run re-sums only the users whose points changed, a few hundred rows instead
 * of the whole rollup. A previous-period span is built when first needed and follows the
 * changes for two days after its period ends (late click days), then stays as it is.
 */
export async function refreshLeaderboards(db: Db, now: Date, changed: readonly string[] | null = null): Promise<void> {
  const spans = PERIODS.flatMap((period) => {
    const range = periodRange(period, now);
    const current = { period, start: range.start, end: range.end, current: true };
    return period === "all"
      ? [current]
      : [current, { period, start: range.prevStart, end: range.prevEnd, current: false }];
  });
  await db.transaction(async (tx) => {
    // Two award runs at once would both rewrite the same rows: take turns.
    await tx.execute(sql`select pg_advisory_xact_lock(${lockArgs(LOCKS.leaderboards)})`);
    // Spans older than the previous period are never read again.
    for (const span of spans)
      if (!span.current)
        await tx.execute(
          sql`delete from ${leaderboardSnapshots} where period = ${span.period} and period_start < ${span.start}::date`,
        );
    // Which spans exist already: one index probe each, in one round trip.
    const probes = sql.join(
      spans.map((x) => sql`(${x.period}::text, ${x.start}::date)`),
      sql`, `,
    );
    const existing =
      changed === null
        ? new Set<string>()
        : new Set(
            (
              await rows<{ key: string }>(
                tx,
                sql`
                  select v.period || ':' || v.start::text as key
                  from (values ${probes}) as v(period, start)
                  where exists (
                    select 1 from ${leaderboardSnapshots} s where s.period = v.period and s.period_start = v.start)`,
              )
            ).map((r) => r.key),
          );
    await rebuildSpans(
      tx,
      spans.filter((span) => !existing.has(`${span.period}:${span.start}`)),
    );
    for (const span of spans) {
      if (!existing.has(`${span.period}:${span.start}`)) continue;
      // The period that just ended still takes its last day's click points (counted once that day is
      // over), so it follows the changes for two days after it closes, then stays as it is.
      const settling = !span.current && now.getTime() < Date.parse(`${span.end}T00:00:00Z`) + 2 * 86400_000;
      // A span that exists was only found on an incremental run, which names the users who changed.
      if ((!span.current && !settling) || !changed?.length) continue;
      await tx.execute(sql`
        insert into ${leaderboardSnapshots} (period, period_start, user_id, points)
        select ${span.period}, ${span.start}::date, d.user_id, sum(d.points)::int
        from ${userPointsDaily} d
        join ${users} u on u.id = d.user_id and u.deactivated_at is null
        where d.user_id = any(${`{${changed.join(",")}}`}::uuid[])
          and d.day >= ${span.start}::date and d.day < ${span.end}::date
        group by d.user_id
        on conflict (period, period_start, user_id) do update set points = excluded.points`);
    }
  });
}

/**
 * Rebuilds the given spans from the daily rollup in one pass: each user's sum per span (a filtered
 * aggregate each), instead of one scan of the rollup per span (seven on a full run).
 */
async function rebuildSpans(
  tx: Db,
  list: ReadonlyArray<{ period: Period; start: string; end: string }>,
): Promise<void> {
  if (!list.length) return;
  const keys = sql.join(
    list.map((x) => sql`(${x.period}::text, ${x.start}::date)`),
    sql`, `,
  );
  await tx.execute(sql`
    delete from ${leaderboardSnapshots} s
    using (values ${keys}) as v(period, start)
    where s.period = v.period and s.period_start = v.start`);
  const sums = sql.join(
    list.map((x) => sql`sum(d.points) filter (where d.day >= ${x.start}::date and d.day < ${x.end}::date)`),
    sql`, `,
  );
  const from = list.map((x) => x.start).reduce((a, b) => (b < a ? b : a));
  const to = list.map((x) => x.end).reduce((a, b) => (b > a ? b : a));
  await tx.execute(sql`
    insert into ${leaderboardSnapshots} (period, period_start, user_id, points)
    select v.period, v.start, t.user_id, v.points::int
    from (
      select d.user_id, array[${sums}] as sums
      from ${userPointsDaily} d
      join ${users} u on u.id = d.user_id and u.deactivated_at is null
      where d.day >= ${from}::date and d.day < ${to}::date
      group by d.user_id) t
    cross join lateral unnest(
      ${`{${list.map((x) => x.period).join(",")}}`}::text[],
      ${`{${list.map((x) => x.start).join(",")}}`}::date[],
      t.sums) as v(period, start, points)
    where v.points is not null`);
}

type BoardRow = {
  user_id: string;
  name: string;
  team_name: string | null;
  points: number;
  rnk: number;
  prev_rnk: number | null;
};

/** A company rank: one more than the number of people with more points in the span (ties share it). */
function rankIn(period: Period, start: string, points: SQL): SQL {
  return sql`(
    select count(*) + 1
    from ${leaderboardSnapshots} o
    where o.period = ${period} and o.period_start = ${start}::date and o.points > ${points})::int`;
}

function teamRanked(period: Period, start: string, teamId: string): SQL {
  return sql`
    select s.user_id, s.points, rank() over (order by s.points desc)::int as rnk
    from ${leaderboardSnapshots} s
    join ${users} u on u.id = s.user_id and u.team_id = ${teamId}
    where s.period = ${period} and s.period_start = ${start}::date`;
}

/**
 * The leaderboard from the snapshots the award job keeps: ties share a rank, movement compares with
 * the previous period, and the viewer's own row is always included. A team board re-ranks the
 * company snapshot among the team's members.
 */
export async function leaderboard(
  db: Db,
  input: { period: Period; teamId?: string | null; viewerId: string; now?: Date; limit?: number },
): Promise<{ rows: LeaderboardRow[]; me: LeaderboardRow | null; range: ReturnType<typeof periodRange> }> {
  const range = periodRange(input.period, input.now ?? new Date());
  const limit = input.limit ?? 20;
  // A team board ranks the team's members among themselves. The company board reads the top rows (and
  // ties) from the points index, ranks them among themselves (they are the top, so that is their
  // company rank) and counts the people ahead of the viewer when the viewer is further down.
  const result = input.teamId
    ? await rows<BoardRow>(
        db,
        sql`
          with cur as (${teamRanked(input.period, range.start, input.teamId)}),
               top as (select * from cur where rnk <= ${limit} or user_id = ${input.viewerId}),
               prev as (${teamRanked(input.period, range.prevStart, input.teamId)})
          select top.user_id, u.name, t.name as team_name, top.points, top.rnk, prev.rnk as prev_rnk
          from top
          join ${users} u on u.id = top.user_id
          left join ${teams} t on t.id = u.team_id
          left join prev on prev.user_id = top.user_id
          order by top.rnk, u.name`,
      )
    : await rows<BoardRow>(
        db,
        sql`
          with top as (
                 select user_id, points, rank() over (order by points desc)::int as rnk
                 from (
                   select user_id, points
                   from ${leaderboardSnapshots}
                   where period = ${input.period} and period_start = ${range.start}::date
                   order by points desc
                   fetch first ${limit} rows with ties) as best),
               board as (
                 select * from top
                 union all
                 select me.user_id, me.points, ${rankIn(input.period, range.start, sql`me.points`)}
                 from ${leaderboardSnapshots} me
                 where me.period = ${input.period} and me.period_start = ${range.start}::date
                   and me.user_id = ${input.viewerId}
                   and me.user_id not in (select user_id from top))
          select board.user_id, u.name, t.name as team_name, board.points, board.rnk,
                 case when prev.user_id is null then null
                      else ${rankIn(input.period, range.prevStart, sql`prev.points`)} end as prev_rnk
          from board
          join ${users} u on u.id = board.user_id
          left join ${teams} t on t.id = u.team_id
          left join ${leaderboardSnapshots} prev
            on prev.period = ${input.period} and prev.period_start = ${range.prevStart}::date
           and prev.user_id = board.user_id
          order by board.rnk, u.name`,
      );
  const list = result.map((r) => ({
    userId: r.user_id,
    name: r.name,
    teamName: r.team_name,
    points: r.points,
    rank: r.rnk,
    movement: input.period === "all" || r.prev_rnk === null ? null : r.prev_rnk - r.rnk,
    isMe: r.user_id === input.viewerId,
  }));
  return { rows: list.filter((r) => r.rank <= limit), me: list.find((r) => r.isMe) ?? null, range };
}

export interface TeamRow {
  teamId: string;
  name: string;
  points: number;
  members: number;
  perMember: number;
  rank: number;
}

/**
 * Teams ranked by total points or by points per active member (so a small team can win), from the
 * same snapshots as the people board.
 */
export async function teamLeaderboard(
  db: Db,
  input: { period: Period; measure: "total" | "per_member"; now?: Date },
): Promise<TeamRow[]> {
  const range = periodRange(input.period, input.now ?? new Date());
  const result = await rows<{ team_id: string; name: string; points: number; members: number; per_member: number }>(
    db,
    sql`
      with members as (
             select team_id, count(*)::int as members
             from ${users}
             where deactivated_at is null and team_id is not null
             group by team_id),
           pts as (
             select u.team_id, sum(s.points)::int as points
             from ${leaderboardSnapshots} s
             join ${users} u on u.id = s.user_id
             where s.period = ${input.period} and s.period_start = ${range.start}::date and u.team_id is not null
             group by u.team_id)
      select t.id as team_id, t.name, coalesce(pts.points, 0)::int as points, m.members,
             round(coalesce(pts.points, 0)::numeric / m.members, 1)::float8 as per_member
      from ${teams} t
      join members m on m.team_id = t.id
      left join pts on pts.team_id = t.id`,
  );
  const key = (r: (typeof result)[number]) => (input.measure === "total" ? r.points : r.per_member);
  const sorted = result.sort((a, b) => key(b) - key(a) || a.name.localeCompare(b.name));
  return sorted.map((r) => ({
    teamId: r.team_id,
    name: r.name,
    points: r.points,
    members: r.members,
    perMember: Number(r.per_member),
    // Ties share a rank: the rank is one more than the number of teams strictly ahead.
    rank: sorted.filter((o) => key(o) > key(r)).length + 1,
  }));
}

/** The latest badges earned, for the meeting-mode ticker (optionally one team's). */
export async function latestBadges(
  db: Db,
  teamId: string | null,
  limit = 12,
): Promise<{ userName: string; badgeName: string; earnedAt: Date }[]> {
  const earned = await rows<{ user_name: string; badge_name: string; earned_at: Date }>(
    db,
    sql`
      select u.name as user_name, b.name as badge_name, ub.earned_at
      from ${userBadges} ub
      join ${users} u on u.id = ub.user_id
      join ${badges} b on b.id = ub.badge_id
      ${teamId ? sql`where u.team_id = ${teamId}` : sql``}
      order by ub.earned_at desc
      limit ${limit}`,
  );
  return earned.map((b) => ({ userName: b.user_name, badgeName: b.badge_name, earnedAt: b.earned_at }));
}

/** A team's name, or null when there is no such team (the meeting screen of a team answers 404 then). */
export async function teamName(db: Db, teamId: string): Promise<string | null> {
  const [row] = await db.select({ name: teams.name }).from(teams).where(eq(teams.id, teamId));
  return row?.name ?? null;
}
