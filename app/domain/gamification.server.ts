import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "../../db/client.server";
import { badges, jobState, settings } from "../../db/schema";
import { audit } from "./audit.server";
import { awardChallenges } from "./challenges.server";
import { clickStatsFromShares, markClickStats, refreshClickStats, resetClickStats } from "./click-stats.server";
import { constraintProblem } from "./db-errors.server";
import { readJobState, writeJobState } from "./job-state.server";
import { refreshLeaderboards } from "./leaderboard.server";
import { awardedCount, bulkLoadLedger, insertPoints, ledgerAndRollup } from "./ledger.server";
import { countedShare, SHARED_STATUSES, sharePointsSource } from "./share-counting.server";
import { enqueueSlack, slackText } from "./slack.server";

/** Points defaults from DESIGN; admins override them in the settings table under "points". */
export const DEFAULT_POINTS = {
  apiShare: 10,
  intentShare: 5,
  copyShare: 5,
  uniqueClick: 1,
  clickCapPerShareDay: 20,
} as const;
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
  return {
    level: index + 1,
    name: LEVELS[index]!.name,
    next: next ? { name: next.name, needs: next.from - points } : null,
  };
}

export async function getPointsSettings(db: Db): Promise<PointsSettings> {
  const [row] = await db.select().from(settings).where(eq(settings.key, "points"));
  return { ...DEFAULT_POINTS, ...((row?.value as Partial<PointsSettings>) ?? {}) };
}

/**
 * Which users a badge evaluation looks at: everyone (a full recompute), or only the users whose
 * shares or clicks changed since the last run, so an incremental run reads a few index ranges.
 */
export interface UserScope {
  all: boolean;
  /** The users, when not everyone. */
  ids?: readonly string[];
  /** A condition on a user id column: "" for everyone, else `and <column> = any(...)`. */
  on(column: string): SQL;
}
const EVERYONE: UserScope = { all: true, on: () => sql`` };
export function onlyUsers(ids: readonly string[]): UserScope {
  const list = `{${ids.join(",")}}`;
  return { all: false, ids, on: (column) => sql`and ${sql.raw(column)} = any(${list}::uuid[])` };
}

/** Badge rules as SQL: each yields (user_id, progress) for every user in scope with any progress. */
// Unverified (share-page, copy) shares count once per item and network: see share-counting.server.ts.
const BADGE_PROGRESS: Record<string, (scope: UserScope) => SQL> = {
  shares: (s) =>
    sql`select user_id, count(*)::int as progress from shares sh where ${countedShare("sh")} ${s.on("user_id")} group by user_id`,
  networks: (s) =>
    sql`select user_id, count(distinct network)::int from shares where status in ${SHARED_STATUSES} ${s.on("user_id")} group by user_id`,
  scheduled_shares: (s) =>
    sql`select user_id, count(*)::int from shares where status = 'published' and scheduled_at is not null ${s.on("user_id")} group by user_id`,
  // Unique visitors come from the counts the award job keeps (user_click_stats), not from the clicks.
  clicks: (s) => sql`select user_id, unique_clicks from user_click_stats where unique_clicks > 0 ${s.on("user_id")}`,
  share_clicks: (s) =>
    sql`select user_id, best_share_clicks from user_click_stats where best_share_clicks > 0 ${s.on("user_id")}`,
  // The first sharer of each item: one probe of shares_item_first_idx per item, whoever is in scope.
  first_to_share: (s) => sql`select f.user_id, count(*)::int from content_items i
      cross join lateral (select user_id from shares o where o.item_id = i.id and o.published_at is not null and o.status in ${SHARED_STATUSES}
                          order by o.published_at, o.id limit 1) f
      where true ${s.on("f.user_id")} group by f.user_id`,
  pack_early: (s) =>
    sql`select s.user_id, count(*)::int from shares s join packs p on p.id = s.pack_id where ${countedShare("s")} and p.published_at is not null and s.published_at between p.published_at and p.published_at + interval '2 hours' ${s.on("s.user_id")} group by s.user_id`,
  pack_items: (s) =>
    sql`select user_id, max(n)::int from (select user_id, pack_id, count(distinct item_id) n from shares where status in ${SHARED_STATUSES} and pack_id is not null ${s.on("user_id")} group by user_id, pack_id) x group by user_id`,
  // Working days (Mon-Fri) in the rep's own zone; weekends neither count nor break a streak.
  streak_days: (s) => sql`select user_id, max(n)::int from (
      select user_id, count(*) n from (
        select user_id, idx, idx - row_number() over (partition by user_id order by idx) grp from (
          select distinct s.user_id,
                 ((d - date '1970-01-05') / 7) * 5 + ((d - date '1970-01-05') % 7) as idx
          from shares s join users u on u.id = s.user_id
          cross join lateral (select (s.published_at at time zone u.time_zone)::date d) local
          where s.status in ${SHARED_STATUSES} and ((d - date '1970-01-05') % 7) < 5 ${s.on("s.user_id")}) days) islands
      group by user_id, grp) streaks group by user_id`,
};

export const BADGE_RULE_KINDS = Object.keys(BADGE_PROGRESS);

/** What each rule counts, for the admin page (the threshold is the N). */
export const BADGE_RULE_LABELS: Record<string, string> = {
  shares: "N published shares",
  networks: "Shared on N different networks",
  scheduled_shares: "N scheduled shares published",
  clicks: "N unique clicks earned in all",
  share_clicks: "One share with N unique clicks",
  first_to_share: "First in the company to share N items",
  pack_early: "N shares within 2 hours of a pack going live",
  pack_items: "N items of one pack shared",
  streak_days: "Shared on N working days in a row (own time zone)",
};

/** (user_id, progress) of a rule for the users in scope: the SQL the award job runs. */
export function badgeProgressSql(kind: string, scope: UserScope): SQL {
  return sql`select user_id, progress from (${BADGE_PROGRESS[kind]!(scope)}) as p(user_id, progress)`;
}

/** One user's progress on a rule: the same SQL as the award job, scoped to that user. */
function progressOfUser(kind: string, userId: string) {
  return sql`select progress from (${badgeProgressSql(kind, onlyUsers([userId]))}) as p`;
}

export interface BadgeProgress {
  id: string;
  name: string;
  description: string;
  threshold: number;
  progress: number;
  earnedAt: Date | null;
  bonusPoints: number;
}

/** Points, level and every active (or already earned) badge with progress, for the profile page. */
export async function profileStats(db: Db, userId: string) {
  const [totals] = await rows<{ total: number }>(
    db,
    sql`select coalesce(sum(points), 0)::int as total from user_points_daily where user_id = ${userId}`,
  );
  const list = await rows<{
    id: string;
    name: string;
    description: string;
    rule_kind: string;
    threshold: number;
    bonus_points: number;
    earned_at: Date | null;
  }>(
    db,
    sql`select b.id, b.name, b.description, b.rule_kind, b.threshold, b.bonus_points, ub.earned_at
        from badges b left join user_badges ub on ub.badge_id = b.id and ub.user_id = ${userId}
        where b.retired_at is null or ub.user_id is not null
        order by ub.earned_at desc nulls last, b.threshold, b.name`,
  );
  const kinds = [...new Set(list.map((b) => b.rule_kind).filter((k) => k in BADGE_PROGRESS))];
  const progress = new Map(
    await Promise.all(
      kinds.map(
        async (kind) =>
          [kind, (await rows<{ progress: number }>(db, progressOfUser(kind, userId)))[0]?.progress ?? 0] as const,
      ),
    ),
  );
  const badges: BadgeProgress[] = list.map((b) => ({
    id: b.id,
    name: b.name,
    description: b.description,
    threshold: b.threshold,
    progress: Math.min(progress.get(b.rule_kind) ?? 0, b.threshold),
    earnedAt: b.earned_at ? new Date(b.earned_at) : null,
    bonusPoints: b.bonus_points,
  }));
  const points = totals?.total ?? 0;
  return { points, level: levelFor(points), badges };
}

const pointsValue = (label: string) =>
  z.coerce
    .number({ invalid_type_error: `${label}: enter a whole number` })
    .int(`${label}: enter a whole number`)
    .min(0, `${label} cannot be negative`)
    .max(1000, `${label}: at most 1,000`);
export const pointsSettingsInput = z.object({
  apiShare: pointsValue("Posted through Chorus"),
  intentShare: pointsValue("Shared on the network's page"),
  copyShare: pointsValue("Copied text"),
  uniqueClick: pointsValue("Per unique click"),
  clickCapPerShareDay: pointsValue("Click cap").min(1, "The click cap must be at least 1"),
});

/** New point values apply to what the award job counts from now on; the ledger keeps what was awarded. */
export async function savePointsSettings(
  db: Db,
  actorId: string,
  input: PointsSettings,
  now = new Date(),
): Promise<void> {
  const before = await getPointsSettings(db);
  await db
    .insert(settings)
    .values({ key: "points", value: input, updatedBy: actorId, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value: input, updatedBy: actorId, updatedAt: now } });
  await audit(db, {
    actorId,
    action: "settings.points",
    targetType: "settings",
    targetId: "points",
    detail: { before, after: input },
  });
}

export const badgeInput = z.object({
  name: z.string().trim().min(1, "Name the badge").max(60, "Keep the name under 60 characters"),
  description: z.string().trim().max(200, "Keep the description under 200 characters").default(""),
  ruleKind: z.enum(BADGE_RULE_KINDS as [string, ...string[]], { errorMap: () => ({ message: "Choose a rule" }) }),
  threshold: z.coerce
    .number({ invalid_type_error: "Enter a whole number" })
    .int("Enter a whole number")
    .min(1, "The threshold must be at least 1")
    .max(1_000_000, "Keep the threshold under 1,000,000"),
  bonusPoints: z.preprocess(
    (v) => (v === "" || v == null ? 0 : v),
    z.coerce
      .number({ invalid_type_error: "Enter a whole number" })
      .int("Enter a whole number")
      .min(0, "The bonus cannot be negative")
      .max(10_000, "Keep the bonus under 10,000"),
  ),
});

export async function addBadge(
  db: Db,
  actorId: string,
  input: z.infer<typeof badgeInput>,
): Promise<{ ok: true } | { ok: false; field: string; message: string }> {
  const slug =
    input.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "badge";
  const [clash] = await db.select({ id: badges.id }).from(badges).where(eq(badges.slug, slug));
  if (clash) return { ok: false, field: "name", message: "A badge with this name exists; pick another name." };
  const row = await db
    .insert(badges)
    .values({
      slug,
      name: input.name,
      description: input.description,
      ruleKind: input.ruleKind,
      threshold: input.threshold,
      bonusPoints: input.bonusPoints,
    })
    .returning({ id: badges.id })
    .then((r) => r[0], constraintProblem);
  if (row && "problem" in row) return { ok: false, ...row.problem };
  await audit(db, { actorId, action: "badge.create", targetType: "badge", targetId: row!.id, detail: input });
  return { ok: true };
}

/** Retired badges are no longer awarded; people keep the ones they earned. */
export async function setBadgeRetired(
  db: Db,
  actorId: string,
  badgeId: string,
  retired: boolean,
  now = new Date(),
): Promise<void> {
  await db
    .update(badges)
    .set({ retiredAt: retired ? now : null })
    .where(eq(badges.id, badgeId));
  await audit(db, {
    actorId,
    action: retired ? "badge.retire" : "badge.restore",
    targetType: "badge",
    targetId: badgeId,
  });
}

export function listBadges(db: Db) {
  return rows<{
    id: string;
    name: string;
    description: string;
    rule_kind: string;
    threshold: number;
    bonus_points: number;
    retired_at: Date | null;
    holders: number;
  }>(
    db,
    sql`select b.id, b.name, b.description, b.rule_kind, b.threshold, b.bonus_points, b.retired_at,
               (select count(*)::int from user_badges ub where ub.badge_id = b.id) as holders
        from badges b order by (b.retired_at is not null), b.rule_kind, b.threshold`,
  );
}

/** Awards every badge whose threshold a user in scope reached, once, with its bonus and a notification. */
async function awardBadges(db: Db, now: Date, scope: UserScope): Promise<number> {
  let awarded = 0;
  const active = await rows<{ id: string; name: string; rule_kind: string; threshold: number; bonus_points: number }>(
    db,
    sql`select id, name, rule_kind, threshold, bonus_points from badges where retired_at is null`,
  );
  // A badge that is new (or back from retirement) since the last run is checked for everyone once.
  const evaluated = new Set((await readJobState<{ ids: string[] }>(db, BADGES_STATE))?.ids ?? []);
  // Progress is read once per rule and scope (first share and Centurion both count shares), as a
  // plain query the planner handles well; each badge then takes its earners in one statement.
  const progressOf = new Map<string, Promise<Array<{ user_id: string; progress: number }>>>();
  // For a few users, the badges they already hold are read once, so most badges need no insert at all.
  const held = scope.ids
    ? new Set(
        (
          await rows<{ key: string }>(
            db,
            sql`select badge_id || ':' || user_id as key from user_badges where true ${scope.on("user_id")}`,
          )
        ).map((r) => r.key),
      )
    : null;
  const scopeOf = (badge: (typeof active)[number]) => (evaluated.has(badge.id) ? scope : EVERYONE);
  const keyOf = (badge: (typeof active)[number]) => `${badge.rule_kind}:${scopeOf(badge).all}`;
  // Every rule's progress is asked for at once: the reads run side by side on the pool's connections.
  for (const badge of active) {
    const progress = BADGE_PROGRESS[badge.rule_kind];
    const key = keyOf(badge);
    if (!progress || progressOf.has(key)) continue;
    const read = rows<{ user_id: string; progress: number }>(
      db,
      sql`select p.user_id, p.progress from (${progress(scopeOf(badge))}) as p(user_id, progress) join users u on u.id = p.user_id and u.deactivated_at is null`,
    );
    read.catch(() => undefined); // a failure surfaces where it is awaited below, not as an unhandled rejection
    progressOf.set(key, read);
  }
  const earnerIds: string[] = [];
  const earnerBadges: string[] = [];
  for (const badge of active) {
    const key = keyOf(badge);
    if (!progressOf.has(key)) continue;
    const badgeScope = scopeOf(badge);
    for (const p of await progressOf.get(key)!) {
      if (p.progress < badge.threshold || (badgeScope === scope && held?.has(`${badge.id}:${p.user_id}`))) continue;
      earnerIds.push(p.user_id);
      earnerBadges.push(badge.id);
    }
  }
  if (earnerIds.length) {
    // Badges, bonus points, rollup and notifications in one statement: all or nothing, and once.
    const [row] = await rows<{ earned: number }>(
      db,
      sql`with candidates as (select unnest(${`{${earnerIds.join(",")}}`}::uuid[]) as user_id, unnest(${`{${earnerBadges.join(",")}}`}::uuid[]) as badge_id),
          earned as (
            insert into user_badges (user_id, badge_id, earned_at)
            select user_id, badge_id, ${now} from candidates
            on conflict do nothing
            returning user_id, badge_id),
          ${ledgerAndRollup(sql`select e.user_id, 'badge'::text as kind, b.bonus_points as points, e.badge_id || ':' || e.user_id as source, ${now}::timestamptz as created_at
                                from earned e join badges b on b.id = e.badge_id where b.bonus_points > 0`)},
          notes as (
            insert into notifications (user_id, kind, title, body, link, dedupe_key)
            select e.user_id, 'badge', 'New badge: ' || b.name, '', '/me', 'badge:' || e.badge_id from earned e join badges b on b.id = e.badge_id
            on conflict do nothing
            returning 1)
          select (select count(*)::int from earned) as earned`,
    );
    awarded = row?.earned ?? 0;
  }
  const value = { ids: active.map((b) => b.id) };
  await writeJobState(db, BADGES_STATE, value, now);
  return awarded;
}

/**
 * The whole share and click ledger of a first run, inside bulkLoadLedger. One pass over the clicks
 * (sorted by share and day) yields both the unique visitors per share and day (click points) and per
 * share (the click badges' counts), so six million clicks are read once.
 */
async function loadWholeLedger(tx: Db, shareRows: SQL, clickRows: (visits: SQL) => SQL) {
  const [shares] = await rows<{ n: number }>(
    tx,
    sql`with ledger as (insert into point_events (user_id, kind, points, source, created_at) ${shareRows} returning 1) select count(*)::int as n from ledger`,
  );
  // Click ids are settled first: inserts still in flight finish, and later ones get higher ids than the
  // highest this pass sees (see refreshClickStats). Clicks wait for the load; the redirects do not.
  await tx.execute(sql`lock table link_clicks in share mode`);
  const [clicks] = await rows<{ n: number; last_click_id: number | null }>(
    tx,
    sql`with visits as materialized (
          select share_id, (clicked_at at time zone 'UTC')::date as day, count(distinct visitor_hash collate "C")::int as n
          from link_clicks where not is_bot group by rollup (share_id, 2)),
        stats as (${clickStatsFromShares(sql`select s.user_id, v.n from visits v join shares s on s.id = v.share_id where v.day is null`)} returning 1),
        ledger as (insert into point_events (user_id, kind, points, source, created_at)
                   ${clickRows(sql`select s.user_id, v.share_id, v.day, v.n from visits v join shares s on s.id = v.share_id where v.day is not null`)} returning 1)
        select (select count(*)::int from ledger) as n, (select count(*) from stats) as stats, (select max(id) from link_clicks) as last_click_id`,
  );
  await markClickStats(tx, Number(clicks?.last_click_id ?? 0));
  return { sharePoints: shares?.n ?? 0, clickPoints: clicks?.n ?? 0 };
}

const WATERMARK = "award";
const BADGES_STATE = "award.badges";

/**
 * The award job. Share points from shares published since the watermark (with an hour of overlap for
 * late commits; the ledger's unique key absorbs it), unique-click points for each finished UTC day
 * (capped per share per day), then badges.
 */
export async function awardPoints(db: Db, now: Date): Promise<Record<string, number>> {
  // Milliseconds per step go into the job's stats (Admin → Job health), to see where a run spends its time.
  let mark = Date.now();
  const ms: Record<string, number> = {};
  const lap = (step: string) => {
    ms[`ms_${step}`] = Date.now() - mark;
    mark = Date.now();
  };
  const p = await getPointsSettings(db);
  const state = await readJobState<{ since: string; lastClickId?: number }>(db, WATERMARK);
  const since = state ? new Date(Date.parse(state.since) - 3600_000) : new Date(0);
  const today = now.toISOString().slice(0, 10);
  // Unverified shares: the first per rep, item and network, under a key that allows it once (decision 014).
  const shareRows = sql`
      select user_id, 'share'::text as kind,
             (case method when 'api' then ${p.apiShare}::int when 'intent' then ${p.intentShare}::int else ${p.copyShare}::int end) as points,
             ${sharePointsSource("sh")} as source, published_at as created_at
      from shares sh where ${countedShare("sh")} and published_at >= ${since} and published_at <= ${now}`;
  // Click points per share and finished UTC day, capped; `visits` yields (user_id, share_id, day, n).
  const clickRows = (visits: SQL) => sql`
      select v.user_id, 'clicks'::text as kind, least(v.n, ${p.clickCapPerShareDay}::int)::int * ${p.uniqueClick}::int as points,
             v.share_id || ':' || v.day as source, (v.day + 1)::timestamp at time zone 'UTC' - interval '1 second' as created_at
      from (${visits}) as v where v.day < ${today}::date`;
  // A first run (or one after a reset) writes the whole ledger in bulk; see bulkLoadLedger.
  const bulk = state
    ? null
    : await bulkLoadLedger(db, ["share", "clicks"], (tx) => loadWholeLedger(tx, shareRows, clickRows));
  let sharePoints = bulk?.sharePoints ?? 0;
  let clickPoints = bulk?.clickPoints ?? 0;
  if (bulk) lap("ledger");
  else {
    sharePoints = await awardedCount(db, insertPoints(shareRows));
    lap("shares");
    // Click days are counted once finished: only days from the one the last run was in (less the
    // overlap) can be new, so a run later the same day reads no clicks at all.
    const firstUnfinishedDay = new Date(`${since.toISOString().slice(0, 10)}T00:00:00Z`);
    clickPoints = await awardedCount(
      db,
      insertPoints(
        clickRows(sql`
        select s.user_id, c.share_id, (c.clicked_at at time zone 'UTC')::date as day, count(distinct c.visitor_hash)::int as n
        from link_clicks c join shares s on s.id = c.share_id
        where not c.is_bot and c.clicked_at >= ${firstUnfinishedDay} and c.clicked_at < ${new Date(`${today}T00:00:00Z`)}
        group by s.user_id, c.share_id, 3`),
      ),
    );
    lap("clicks");
  }
  // Every click up to this id is counted, and none below it can still appear (see refreshClickStats).
  const lastClickId = await refreshClickStats(db);
  lap("click_stats");
  // After the first run only the users with new ledger rows (new shares, finished click days) or new
  // clicks since the last run can earn a badge. Row ids, unlike timestamps, need no overlap window.
  const afterClick = state?.lastClickId;
  const scope =
    state && afterClick !== undefined
      ? onlyUsers(await touchedUsers(db, await levelWatermark(db), afterClick))
      : EVERYONE;
  const badges = await awardBadges(db, now, scope);
  lap("badges");
  const challenges = await awardChallenges(db, now, { all: !state });
  lap("challenges");
  // Whose totals moved since the last run: read before the level check moves the watermark.
  const changed = state ? await usersWithNewPoints(db) : null;
  const levelUps = await notifyLevelUps(db, changed);
  lap("levels");
  // Not on a first run: a recompute re-earns every badge "now", and that is not news.
  if (state) {
    await enqueueSlack(
      db,
      sql`
      select 'badge:' || ub.badge_id || ':' || ub.user_id, ':medal: ' || ${slackText(sql`u.name`)} || ' earned the *' || ${slackText(sql`b.name`)} || '* badge (' || ${slackText(sql`b.description`)} || ')'
      from user_badges ub join users u on u.id = ub.user_id join badges b on b.id = ub.badge_id
      where ub.earned_at >= ${since}
      union all
      select 'pack:' || p.id, ':package: New pack for sharing: *' || ${slackText(sql`p.title`)} || '*' || case when p.description <> '' then ' — ' || ${slackText(sql`p.description`)} else '' end
      from packs p where p.status = 'published' and p.published_at >= ${since} and p.published_at <= ${now}`,
    );
  }
  lap("slack");
  await refreshLeaderboards(db, now, changed);
  lap("leaderboards");
  // A full recompute rewrote millions of rows: fresh statistics keep the next incremental run's
  // plans on the indexes (stale ones estimated "id > last" as half the ledger).
  if (!state)
    for (const table of ["point_events", "user_points_daily", "user_badges", "leaderboard_snapshots"])
      await db.execute(sql.raw(`analyze ${table}`));
  const watermark = { since: now.toISOString(), lastClickId };
  await writeJobState(db, WATERMARK, watermark, now);
  return { sharePoints, clickPoints, badges, challenges, levelUps, ...ms };
}

async function touchedUsers(db: Db, afterEventId: number, afterClickId: number): Promise<string[]> {
  const list = await rows<{ user_id: string }>(
    db,
    sql`select user_id from point_events where id > ${afterEventId}
        union
        select s.user_id from link_clicks c join shares s on s.id = c.share_id where c.id > ${afterClickId}`,
  );
  return list.map((r) => r.user_id);
}

/** The last ledger row the previous run had seen (moved by notifyLevelUps at the end of a run). */
async function levelWatermark(db: Db): Promise<number> {
  return (await readJobState<{ lastEventId: number }>(db, LEVEL_WATERMARK))?.lastEventId ?? 0;
}

/** Users with ledger rows newer than the level watermark (read before notifyLevelUps moves it). */
async function usersWithNewPoints(db: Db): Promise<string[]> {
  return (
    await rows<{ user_id: string }>(
      db,
      sql`select distinct user_id from point_events where id > ${await levelWatermark(db)}`,
    )
  ).map((r) => r.user_id);
}

const LEVEL_WATERMARK = "award.levels";

/**
 * Tells people who reached a new level since the last check. Only users with ledger rows newer than
 * the watermark (point_events.id) are looked at; the dedupe key per level makes it once per level.
 */
async function notifyLevelUps(db: Db, changed: readonly string[] | null): Promise<number> {
  const after = await levelWatermark(db);
  // The users whose totals moved are known already on an incremental run.
  const touched = changed
    ? sql`select unnest(${`{${changed.join(",")}}`}::uuid[]) as user_id`
    : sql`select distinct user_id from point_events where id > ${after}`;
  const levelCase = sql.raw(
    `case ${[...LEVELS]
      .map((l, i) => ({ ...l, n: i + 1 }))
      .reverse()
      .map((l) => `when total >= ${l.from} then ${l.n}`)
      .join(" ")} else 1 end`,
  );
  const levelName = sql.raw(`(array[${LEVELS.map((l) => `'${l.name}'`).join(",")}])`);
  const [row] = await rows<{ notified: number; last_id: number | null }>(
    db,
    sql`with touched as (${touched}),
             totals as (select d.user_id, sum(d.points)::int as total from user_points_daily d join touched using (user_id) group by d.user_id),
             levels as (select user_id, ${levelCase} as level from totals),
             notes as (
               insert into notifications (user_id, kind, title, body, link, dedupe_key)
               select user_id, 'level', 'Level up: ' || ${levelName}[level], 'You reached level ' || level || '.', '/me', 'level:' || level
               from levels where level > 1
               on conflict do nothing
               returning 1)
        select (select count(*)::int from notes) as notified, (select max(id) from point_events) as last_id`,
  );
  const lastEventId = Math.max(after, Number(row?.last_id ?? 0));
  await writeJobState(db, LEVEL_WATERMARK, { lastEventId });
  return row?.notified ?? 0;
}

/** Forgets everything the award job derived, so the next run recomputes the ledger from scratch. */
export async function resetAwards(db: Db): Promise<void> {
  // Truncate rather than delete where everything goes: millions of dead rows would bloat the tables
  // and indexes the recompute writes again.
  const [other] = await rows(
    db,
    sql`select 1 from point_events where kind not in ('share', 'clicks', 'badge', 'challenge') limit 1`,
  );
  if (other) await db.execute(sql`delete from point_events where kind in ('share', 'clicks', 'badge', 'challenge')`);
  else await db.execute(sql`truncate point_events`);
  await db.execute(sql`truncate user_badges, user_points_daily, leaderboard_snapshots`);
  await db.delete(jobState).where(inArray(jobState.name, [WATERMARK, LEVEL_WATERMARK, BADGES_STATE]));
  await resetClickStats(db);
}
