import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "../../db/client.server";
import { challenges, linkClicks, notifications, pointEvents, shares, teams, users } from "../../db/schema";
import { audit } from "./audit.server";
import { constraintFieldError } from "./db-errors.server";
import { ledgerAndRollup, ledgerRow, readLedgerUnlessLoading } from "./ledger.server";
import { countedShare } from "./share-counting.server";
import { bonusPoints, text } from "./validation";
import { requiredDateIn } from "./zoned-time.server";

export const CHALLENGE_METRICS = ["shares", "clicks", "points"] as const;
export type ChallengeMetric = (typeof CHALLENGE_METRICS)[number];

/**
 * A time-boxed goal each participant works towards; no team means everyone. Start and end are entered in the
 * author's own zone (decision 020); a real date is required (02-30, year 0000 and 9999 are field errors).
 */
export const challengeInputIn = (timeZone: string) =>
  z
    .object({
      title: text().trim().min(1, "Give the challenge a title").max(120, "Keep the title under 120 characters"),
      description: text().trim().max(1000, "Keep the description under 1,000 characters").default(""),
      metric: z.enum(CHALLENGE_METRICS, { errorMap: () => ({ message: "Choose shares, clicks or points" }) }),
      goal: z.coerce
        .number({ invalid_type_error: "Enter a whole number" })
        .int("Enter a whole number")
        .min(1, "The goal must be at least 1")
        .max(100_000, "Keep the goal under 100,000"),
      teamId: z.preprocess((v) => (v === "" ? null : v), z.string().uuid("Choose a team").nullable().default(null)),
      startsAt: requiredDateIn(timeZone, "Pick when the challenge starts"),
      endsAt: requiredDateIn(timeZone, "Pick when the challenge ends"),
      bonusPoints: bonusPoints(),
    })
    .refine((v) => v.endsAt > v.startsAt, { message: "The challenge must end after it starts", path: ["endsAt"] });
/** The challenge fields with times in UTC (seeds, tests); the form uses challengeInputIn(user.timeZone). */
export const challengeInput = challengeInputIn("UTC");
export type ChallengeInput = z.infer<typeof challengeInput>;

type ChallengeRow = typeof challenges.$inferSelect;

export async function createChallenge(
  db: Db,
  actor: { id: string; role: string; teamId: string | null },
  input: ChallengeInput,
): Promise<{ ok: true; id: string } | { ok: false; field: string; message: string; forbidden?: boolean }> {
  // A manager runs challenges for their own team; marketing and admins for any team or everyone.
  if (actor.role === "manager" && (!actor.teamId || input.teamId !== actor.teamId))
    return { ok: false, field: "teamId", message: "Managers set challenges for their own team.", forbidden: true };
  let row: { id: string } | undefined;
  try {
    [row] = await db
      .insert(challenges)
      .values({ ...input, createdBy: actor.id })
      .returning({ id: challenges.id });
  } catch (error) {
    // The team was deleted (or never existed) between the form and the save: the foreign key says so.
    const problem = constraintFieldError(error);
    if (problem) return { ok: false, ...problem };
    throw error;
  }
  if (!row) throw new Error("Inserting the challenge returned no row");
  await audit(db, {
    actorId: actor.id,
    action: "challenge.create",
    targetType: "challenge",
    targetId: row.id,
    detail: { metric: input.metric, goal: input.goal, bonus: input.bonusPoints },
  });
  return { ok: true, id: row.id };
}

/**
 * Each participant's progress inside the challenge's window: (user_id, progress). Participants are
 * the active members of the team, or everyone active. Challenge bonuses never count towards a
 * points challenge, so challenges do not feed each other. Unverified shares count once per item and network.
 */
function progressSql(c: Pick<ChallengeRow, "metric" | "teamId" | "startsAt" | "endsAt">): SQL {
  const inWindow = (column: SQL) => sql`${column} >= ${c.startsAt} and ${column} < ${c.endsAt}`;
  const measure =
    c.metric === "shares"
      ? sql`
          select user_id, count(*)::int as n
          from ${shares} sh
          where ${countedShare("sh")} and ${inWindow(sql`published_at`)}
          group by user_id`
      : c.metric === "clicks"
        ? sql`
            select s.user_id, count(distinct (c.share_id, c.visitor_hash))::int as n
            from ${linkClicks} c
            join ${shares} s on s.id = c.share_id
            where not c.is_bot and ${inWindow(sql`c.clicked_at`)}
            group by s.user_id`
        : sql`
            select user_id, sum(points)::int as n
            from ${pointEvents}
            where kind <> 'challenge' and ${inWindow(sql`created_at`)}
            group by user_id`;
  return sql`
    select u.id as user_id, coalesce(m.n, 0)::int as progress
    from ${users} u
    left join (${measure}) m on m.user_id = u.id
    where u.deactivated_at is null ${c.teamId ? sql`and u.team_id = ${c.teamId}` : sql``}`;
}

export interface ChallengeView {
  id: string;
  title: string;
  description: string;
  metric: ChallengeMetric;
  goal: number;
  teamName: string | null;
  startsAt: Date;
  endsAt: Date;
  bonusPoints: number;
  participants: number;
  completed: number;
  total: number;
  me: { progress: number; completed: boolean } | null;
  leaders: Array<{ userId: string; name: string; progress: number; completed: boolean }>;
  /** Points are being recomputed (after a reset): progress is not shown until that is done. */
  recalculating: boolean;
}

/** Challenges a user takes part in (their team's and everyone's) or, for staff, all of them; running first. */
export async function challengesFor(
  db: Db,
  viewer: { id: string; teamId: string | null },
  options: { all?: boolean; now?: Date } = {},
): Promise<ChallengeView[]> {
  const now = options.now ?? new Date();
  const ownTeam = viewer.teamId ? sql`or c.team_id = ${viewer.teamId}` : sql``;
  const list = await rows<{
    id: string;
    title: string;
    description: string;
    metric: ChallengeMetric;
    goal: number;
    team_id: string | null;
    team_name: string | null;
    starts_at: Date;
    ends_at: Date;
    bonus_points: number;
  }>(
    db,
    sql`
      select c.id, c.title, c.description, c.metric, c.goal, c.team_id, t.name as team_name,
             c.starts_at, c.ends_at, c.bonus_points
      from ${challenges} c
      left join ${teams} t on t.id = c.team_id
      where c.ends_at > ${new Date(now.getTime() - 30 * 86400_000)}
        ${options.all ? sql`` : sql`and (c.team_id is null ${ownTeam})`}
      order by (c.starts_at > ${now}), (c.ends_at <= ${now}), c.ends_at
      limit 50`,
  );
  return Promise.all(
    list.map(async (c) => {
      const row = { metric: c.metric, teamId: c.team_id, startsAt: new Date(c.starts_at), endsAt: new Date(c.ends_at) };
      // One pass over the participants' progress (the CTE is computed once) for the totals, the
      // leaders and the viewer, instead of three scans of the same activity.
      type Board = {
        participants: number;
        completed: number;
        total: number;
        mine: number | null;
        leaders: Array<{ user_id: string; name: string; progress: number }> | string | null;
      };
      const query = sql`
        with p as (${progressSql(row)})
        select (select count(*)::int from p) as participants,
               (select count(*)::int from p where progress >= ${c.goal}) as completed,
               (select coalesce(sum(progress), 0)::int from p) as total,
               (select progress from p where user_id = ${viewer.id}) as mine,
               (select json_agg(l)
                from (select p.user_id, u.name, p.progress
                      from p
                      join ${users} u on u.id = p.user_id
                      where p.progress > 0 or p.user_id = ${viewer.id}
                      order by p.progress desc, u.name
                      limit 10) l) as leaders`;
      // Points come from the ledger, which a full recompute holds for a minute: then there is no board.
      const boards =
        c.metric === "points" ? await readLedgerUnlessLoading<Board>(db, query) : await rows<Board>(db, query);
      const board = boards?.[0];
      const leaders = (
        typeof board?.leaders === "string" ? JSON.parse(board.leaders) : (board?.leaders ?? [])
      ) as Array<{ user_id: string; name: string; progress: number }>;
      const mine = board?.mine === null || board?.mine === undefined ? null : { progress: Number(board.mine) };
      return {
        id: c.id,
        title: c.title,
        description: c.description,
        metric: c.metric,
        goal: c.goal,
        teamName: c.team_name,
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        bonusPoints: c.bonus_points,
        participants: board?.participants ?? 0,
        completed: board?.completed ?? 0,
        total: board?.total ?? 0,
        me: mine ? { progress: mine.progress, completed: mine.progress >= c.goal } : null,
        leaders: leaders.map((l) => ({
          userId: l.user_id,
          name: l.name,
          progress: l.progress,
          completed: l.progress >= c.goal,
        })),
        recalculating: boards === null,
      };
    }),
  );
}

/**
 * Award job step: every participant who reached a challenge's goal inside its window gets the bonus
 * once (ledger key: the challenge and the user) and a notification. Challenges that ended in the last day
 * are still checked, for activity the job had not seen yet when they closed; a full run checks all.
 */
export async function awardChallenges(db: Db, now: Date, options: { all?: boolean } = {}): Promise<number> {
  // A full recompute (after a reset) checks every challenge that has started, ended or not.
  const recent = options.all ? sql`` : sql`and ${challenges.endsAt} > ${new Date(now.getTime() - 86400_000)}`;
  const open = await db
    .select()
    .from(challenges)
    .where(sql`${challenges.startsAt} <= ${now} ${recent}`);
  let completed = 0;
  for (const c of open) {
    const bonusLine = c.bonusPoints > 0 ? `+${c.bonusPoints} bonus points` : "";
    const [row] = await rows<{ done: number }>(
      db,
      sql`
        with reached as (select user_id from (${progressSql(c)}) p where p.progress >= ${c.goal}),
             ${ledgerAndRollup(sql`
               select ${ledgerRow({
                 userId: sql`user_id`,
                 kind: "challenge",
                 points: sql`${c.bonusPoints}::int`,
                 sourceId: sql`${c.id}`,
                 createdAt: sql`${now}::timestamptz`,
               })}
               from reached`)},
             notes as (
               insert into ${notifications} (user_id, kind, title, body, link, dedupe_key)
               select user_id, 'challenge', ${`Challenge completed: ${c.title}`}, ${bonusLine},
                      '/challenges', ${`challenge:${c.id}`}
               from inserted
               on conflict do nothing
               returning 1)
        select (select count(*)::int from inserted) as done`,
    );
    completed += row?.done ?? 0;
  }
  return completed;
}
