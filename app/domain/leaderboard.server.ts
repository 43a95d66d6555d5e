import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { rows } from "../../db/client.server";

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
export function periodRange(period: Period, now: Date): { start: string; end: string; prevStart: string; prevEnd: string } {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const tomorrow = utc(y, m, now.getUTCDate() + 1);
  if (period === "all") return { start: "1970-01-01", end: day(tomorrow), prevStart: "1970-01-01", prevEnd: "1970-01-01" };
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
 * Ranks people by points in the period from the daily rollup the award job keeps (never the ledger).
 * Ties share a rank; movement compares with the rank in the previous period; the viewer's own row is
 * always included.
 */
export async function leaderboard(
  db: Db,
  input: { period: Period; teamId?: string | null; viewerId: string; now?: Date; limit?: number },
): Promise<{ rows: LeaderboardRow[]; me: LeaderboardRow | null; range: ReturnType<typeof periodRange> }> {
  const range = periodRange(input.period, input.now ?? new Date());
  const team = input.teamId ? sql`and u.team_id = ${input.teamId}` : sql``;
  const ranked = (start: string, end: string) => sql`
    select d.user_id, sum(d.points)::int as points, rank() over (order by sum(d.points) desc)::int as rnk
    from user_points_daily d join users u on u.id = d.user_id and u.deactivated_at is null ${team}
    where d.day >= ${start}::date and d.day < ${end}::date
    group by d.user_id`;
  const result = await rows<{ user_id: string; name: string; team_name: string | null; points: number; rnk: number; prev_rnk: number | null }>(
    db,
    sql`with cur as (${ranked(range.start, range.end)}),
             top as (select * from cur where rnk <= ${input.limit ?? 20} or user_id = ${input.viewerId}),
             prev as (${ranked(range.prevStart, range.prevEnd)})
        select top.user_id, u.name, t.name as team_name, top.points, top.rnk, prev.rnk as prev_rnk
        from top join users u on u.id = top.user_id left join teams t on t.id = u.team_id
        left join prev on prev.user_id = top.user_id
        order by top.rnk, u.name`,
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
  const limit = input.limit ?? 20;
  return { rows: list.filter((r) => r.rank <= limit), me: list.find((r) => r.isMe) ?? null, range };
}
