import { sql } from "drizzle-orm";
import { rows, type Db } from "../../../db/client.server";
import { linkClicks, shares, socialAccounts, teams, users } from "../../../db/schema";
import { NETWORKS } from "../networks";
import { countedShare } from "../share-counting.server";

/** The advocate score: four pillars of 25 per rep, with what would raise it. */

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

interface ScoreInputs {
  id: string;
  name: string;
  teamName: string | null;
  jobTitle: string | null;
  avatarUrl: string | null;
  accounts: number;
  uniqueClicks: number;
  edited: number;
  activeWeeks: number;
}

/** Each rep's raw facts over the last SCORE.weeks weeks, in one query. */
async function scoreInputs(
  db: Db,
  scope: { teamId?: string | null; userId?: string; reps?: boolean },
  now: Date,
): Promise<ScoreInputs[]> {
  const weekStart = sql`(date_trunc('week', ${now.toISOString()}::timestamptz at time zone 'UTC')
    - interval '${sql.raw(String(SCORE.weeks - 1))} weeks') at time zone 'UTC'`;
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
    sql`
      with u as (
        select u.id, u.name, u.job_title, u.avatar_url, t.name as team_name
        from ${users} u
        left join ${teams} t on t.id = u.team_id
        where u.deactivated_at is null
          ${scope.userId ? sql`and u.id = ${scope.userId}` : sql``}
          ${scope.teamId ? sql`and u.team_id = ${scope.teamId}` : sql``}
          ${scope.reps ? sql`and u.role = 'rep'` : sql``}
      ),
      s as (
        select s.id, s.user_id, s.edited, s.published_at
        from ${shares} s
        join u on u.id = s.user_id
        where ${countedShare("s")} and s.published_at >= ${weekStart} and s.published_at <= ${now}
      ),
      a as (
        select sa.user_id, count(distinct sa.network)::int as n
        from ${socialAccounts} sa
        join u on u.id = sa.user_id
        where sa.status = 'active'
        group by 1
      ),
      sh as (
        select user_id,
               count(*) filter (where edited)::int as edited,
               count(distinct date_trunc('week', published_at at time zone 'UTC'))::int as active_weeks
        from s
        group by 1
      ),
      c as (
        select user_id, count(*)::int as uniq
        from (
          select distinct s.user_id, lc.share_id, lc.visitor_hash
          from ${linkClicks} lc
          join s on s.id = lc.share_id
          where not lc.is_bot
        ) v
        group by 1
      )
      select u.id, u.name, u.team_name, u.job_title, u.avatar_url,
             coalesce(a.n, 0) as accounts,
             coalesce(c.uniq, 0) as unique_clicks,
             coalesce(sh.edited, 0) as edited,
             coalesce(sh.active_weeks, 0) as active_weeks
      from u
      left join a on a.user_id = u.id
      left join sh on sh.user_id = u.id
      left join c on c.user_id = u.id
      order by u.name`,
  );
  return result.map((r) => ({
    id: r.id,
    name: r.name,
    teamName: r.team_name,
    jobTitle: r.job_title,
    avatarUrl: r.avatar_url,
    accounts: r.accounts,
    uniqueClicks: r.unique_clicks,
    edited: r.edited,
    activeWeeks: r.active_weeks,
  }));
}

/** One rep's score, pillars and tips from their facts; a rep linked to LinkedIn is not told to sign in with it. */
function scoreOf(r: ScoreInputs, linkedIn = false): AdvocateScore {
  const facts = {
    accounts: r.accounts,
    hasTitle: Boolean(r.jobTitle?.trim()),
    hasPhoto: Boolean(r.avatarUrl),
    uniqueClicks: r.uniqueClicks,
    editedShares: r.edited,
    activeWeeks: Math.min(r.activeWeeks, SCORE.weeks),
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
  const via = linkedIn ? "ask an admin to add it" : "sign in with LinkedIn or ask an admin";
  if (!facts.hasTitle) tips.push([5, `Get your job title on your profile: ${via} (+5)`]);
  if (!facts.hasPhoto)
    tips.push([
      5,
      linkedIn
        ? "Add a profile photo: ask an admin (+5)"
        : "Add a profile photo, e.g. by signing in with LinkedIn (+5)",
    ]);
  if (pillars.reach < 25) {
    const clicksToGo = SCORE.clickTarget - Math.min(facts.uniqueClicks, SCORE.clickTarget);
    tips.push([
      25 - pillars.reach,
      `Get ${clicksToGo} more unique clicks on your shares: post where your network is active (+${25 - pillars.reach})`,
    ]);
  }
  if (pillars.personalised < 25) {
    const editsToGo = SCORE.editedTarget - Math.min(facts.editedShares, SCORE.editedTarget);
    tips.push([
      25 - pillars.personalised,
      `Edit the suggested text in your own words on ${editsToGo} more shares (+${25 - pillars.personalised})`,
    ]);
  }
  if (pillars.consistency < 25) {
    const idleWeeks = SCORE.weeks - facts.activeWeeks;
    tips.push([
      25 - pillars.consistency,
      `Share at least once a week: ${idleWeeks} of the last ${SCORE.weeks} weeks had no share ` +
        `(+${25 - pillars.consistency})`,
    ]);
  }
  return {
    userId: r.id,
    name: r.name,
    teamName: r.teamName,
    score: pillars.profile + pillars.reach + pillars.personalised + pillars.consistency,
    pillars,
    facts,
    tips: tips.sort((a, b) => b[0] - a[0]).map(([, tip]) => tip),
  };
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
  return (await scoreInputs(db, scope, now)).map((r) => scoreOf(r));
}

export async function advocateScore(
  db: Db,
  userId: string,
  now = new Date(),
  { linkedIn = false }: { linkedIn?: boolean } = {},
): Promise<AdvocateScore | null> {
  const [inputs] = await scoreInputs(db, { userId }, now);
  return inputs ? scoreOf(inputs, linkedIn) : null;
}
