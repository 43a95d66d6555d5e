import { inArray, sql } from "drizzle-orm";
import { rows, type Db } from "../../../db/client.server";
import {
  jobState,
  leaderboardSnapshots,
  linkClicks,
  pointEvents,
  shares,
  userBadges,
  userPointsDaily,
} from "../../../db/schema";
import { awardChallenges } from "../challenges.server";
import { refreshClickStats, resetClickStats } from "../click-stats.server";
import { readJobState, writeJobState } from "../job-state.server";
import { refreshLeaderboards } from "../leaderboard.server";
import { awardedCount, bulkLoadLedger, insertPoints } from "../ledger.server";
import { announceBadgesAndPacks } from "./announcements.server";
import { awardBadges, BADGES_STATE } from "./award-badges.server";
import { LEVEL_WATERMARK, levelWatermark, notifyLevelUps, usersWithNewPoints } from "./levels.server";
import { clickPointsSql, clickVisitsSql, loadWholeLedger, sharePointsSql } from "./points.server";
import { EVERYONE, onlyUsers } from "./rules.server";
import { getPointsSettings } from "./settings.server";

const WATERMARK = "award";

/**
 * The award job, every step of it: share points from shares published since the watermark (with an
 * hour of overlap for late commits; the ledger's unique key absorbs it), unique-click points for each
 * finished UTC day (capped per share per day), the click counts, then badges, challenges, level-ups,
 * the Slack announcements and the leaderboard snapshots. Returns each step's count and time.
 */
export async function runAwards(db: Db, now: Date): Promise<Record<string, number>> {
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
  const shareRows = sharePointsSql(p, since, now);
  const clickRows = clickPointsSql(p, today);
  // A first run (or one after a reset) writes the whole ledger in bulk; see bulkLoadLedger.
  const bulk = state
    ? null
    : await bulkLoadLedger(db, ["share", "clicks"], (tx) =>
        loadWholeLedger(tx, sharePointsSql(p, since, now, { allAtOnce: true }), clickRows),
      );
  let sharePoints = bulk?.sharePoints ?? 0;
  let clickPoints = bulk?.clickPoints ?? 0;
  if (bulk) lap("ledger");
  else {
    sharePoints = await awardedCount(db, insertPoints(shareRows));
    lap("shares");
    // Click days are counted once finished: only days from the one the last run was in (less the
    // overlap) can be new, so a run later the same day reads no clicks at all.
    const firstUnfinishedDay = new Date(`${since.toISOString().slice(0, 10)}T00:00:00Z`);
    const visits = clickVisitsSql({ from: firstUnfinishedDay, to: new Date(`${today}T00:00:00Z`) });
    clickPoints = await awardedCount(db, insertPoints(clickRows(visits)));
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
  if (state) await announceBadgesAndPacks(db, since, now);
  lap("slack");
  await refreshLeaderboards(db, now, changed);
  lap("leaderboards");
  // A full recompute rewrote millions of rows: fresh statistics keep the next incremental run's
  // plans on the indexes (stale ones estimated "id > last" as half the ledger).
  if (!state)
    for (const table of [pointEvents, userPointsDaily, userBadges, leaderboardSnapshots])
      await db.execute(sql`analyze ${table}`);
  await writeJobState(db, { name: WATERMARK, value: { since: now.toISOString(), lastClickId }, now });
  return { sharePoints, clickPoints, badges, challenges, levelUps, ...ms };
}

/** Users with ledger rows after `afterEventId` or clicks after `afterClickId`. */
async function touchedUsers(db: Db, afterEventId: number, afterClickId: number): Promise<string[]> {
  const list = await rows<{ user_id: string }>(
    db,
    sql`
      select user_id from ${pointEvents} where id > ${afterEventId}
      union
      select s.user_id
      from ${linkClicks} c
      join ${shares} s on s.id = c.share_id
      where c.id > ${afterClickId}`,
  );
  return list.map((r) => r.user_id);
}

/** Forgets everything the award job derived, so the next run recomputes the ledger from scratch. */
export async function resetAwards(db: Db): Promise<void> {
  // Truncate rather than delete where everything goes: millions of dead rows would bloat the tables
  // and indexes the recompute writes again.
  const [other] = await rows(
    db,
    sql`select 1 from ${pointEvents} where kind not in ('share', 'clicks', 'badge', 'challenge') limit 1`,
  );
  if (other) await db.execute(sql`delete from ${pointEvents} where kind in ('share', 'clicks', 'badge', 'challenge')`);
  else await db.execute(sql`truncate ${pointEvents}`);
  await db.execute(sql`truncate ${userBadges}, ${userPointsDaily}, ${leaderboardSnapshots}`);
  await db.delete(jobState).where(inArray(jobState.name, [WATERMARK, LEVEL_WATERMARK, BADGES_STATE]));
  await resetClickStats(db);
}
