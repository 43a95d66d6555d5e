import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { challengeInput, challengesFor, createChallenge } from "~/domain/challenges.server";
import { resetAwards, runAwards } from "~/domain/gamification/award-run.server";
import { bulkLoadLedger, insertPoints, ledgerRow } from "~/domain/ledger.server";
import { rows } from "../../db/client.server";
import { pointEvents, shares, userBadges } from "../../db/schema";
import { NOW, useAwardsTestDb } from "../helpers/awards";
import { createRep } from "../helpers/fixtures";

describe("full recompute and incremental runs", () => {
  const { t, publish, publishMany, clicks, has } = useAwardsTestDb();

  it("an incremental run leaves the same badges and leaderboard as a full recompute", async () => {
    const reps = [await createRep(t.db), await createRep(t.db), await createRep(t.db)];
    for (const [i, rep] of reps.entries()) await publishMany(rep.id, 2 + i);
    await runAwards(t.db, new Date("2026-06-10T12:00:00Z"));
    // New activity for two of them, including one who reaches a badge threshold now.
    await publish(reps[0]!.id, "2026-06-11T09:00:00Z", { network: "x" });
    await publish(reps[0]!.id, "2026-06-11T09:30:00Z", { network: "facebook" });
    for (let h = 1; h <= 6; h++)
      await publish(reps[1]!.id, `2026-06-11T0${h}:00:00Z`, { scheduledAt: new Date(`2026-06-11T0${h}:00:00Z`) });
    await clicks((await publish(reps[2]!.id, "2026-06-11T08:00:00Z")).id, 25, "2026-06-11T10:00:00Z");
    const later = new Date("2026-06-11T12:00:00Z");
    await runAwards(t.db, later);
    const snapshot = async () =>
      await t.db.execute(
        sql`select period, period_start::text, user_id, points from leaderboard_snapshots order by 1, 2, 3`,
      );
    const badgesNow = async () =>
      (await t.db.select({ u: userBadges.userId, b: userBadges.badgeId }).from(userBadges))
        .map((r) => `${r.u}:${r.b}`)
        .sort();
    const ledger = async () =>
      JSON.stringify(
        await rows(
          t.db,
          sql`select kind, share_id, day::text, source, points from point_events where kind <> 'badge' order by 1, 2, 3, 4`,
        ),
      );
    const clickStats = async () =>
      JSON.stringify(await rows(t.db, sql`select * from user_click_stats where unique_clicks > 0 order by user_id`));
    const state = async () => ({
      board: JSON.stringify(await snapshot()),
      badges: await badgesNow(),
      ledger: await ledger(),
      clickStats: await clickStats(),
    });
    const incremental = await state();
    await resetAwards(t.db);
    await runAwards(t.db, later);
    expect(await state()).toEqual(incremental);
    expect(await has(reps[0]!.id, "three-networks")).toBe(true);
    expect(await has(reps[2]!.id, "viral-share")).toBe(true);
  });

  it("rebuilds the ledger's indexes and constraints exactly as the migrations made them after a full recompute", async () => {
    const definitions = async () =>
      JSON.stringify(
        await rows(
          t.db,
          sql`select conrelid::regclass::text as t, conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid::regclass::text in ('point_events', 'user_points_daily')
              union all
              select tablename, indexname, indexdef from pg_indexes where tablename in ('point_events', 'user_points_daily') order by 1, 2`,
        ),
      );
    const before = await definitions();
    const indexOids = async () =>
      Object.fromEntries(
        (
          await rows<{ name: string; oid: number }>(
            t.db,
            sql`select indexrelid::regclass::text as name, indexrelid::int as oid from pg_index where indrelid = 'point_events'::regclass`,
          )
        ).map((r) => [r.name, r.oid]),
      );
    const oidsBefore = await indexOids();
    const rep = await createRep(t.db);
    await publishMany(rep.id, 3);
    const stats = await runAwards(t.db, NOW);
    // The load's kinds' indexes were rebuilt; the badge and challenge ones, which it adds nothing to, were kept.
    const oidsAfter = await indexOids();
    expect(oidsAfter.point_events_share_idx).not.toBe(oidsBefore.point_events_share_idx);
    expect(oidsAfter.point_events_user_time_idx).not.toBe(oidsBefore.point_events_user_time_idx);
    expect(oidsAfter.point_events_badge_idx).toBe(oidsBefore.point_events_badge_idx);
    expect(oidsAfter.point_events_challenge_idx).toBe(oidsBefore.point_events_challenge_idx);
    expect(stats).toHaveProperty("ms_ledger"); // the bulk path ran (the row-by-row one reports ms_shares)
    expect(stats).not.toHaveProperty("ms_shares");
    expect(await definitions()).toEqual(before);
    // ...and the unique key still refuses a second award for the same share.
    const [share] = await t.db.select().from(shares).where(eq(shares.userId, rep.id)).limit(1);
    await expect(
      t.db.insert(pointEvents).values({ userId: rep.id, kind: "share", points: 10, shareId: share!.id }),
    ).rejects.toThrow();
  });

  // Several connections are needed to see a lock; the embedded database has one.
  it.runIf(Boolean(process.env.DATABASE_URL))(
    "keeps pages answering (users, the daily rollup) while a full recompute loads the ledger",
    async () => {
      const rep = await createRep(t.db);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const loading = new Promise<void>((resolve) => (started = resolve));
      const bulk = bulkLoadLedger(t.db, ["share", "clicks"], async () => {
        started();
        await gate;
        return "loaded";
      });
      await loading;
      let probe: string;
      let board: Awaited<ReturnType<typeof challengesFor>>;
      try {
        probe = await t.db.transaction(async (other) => {
          await other.execute(sql`set local lock_timeout = '1s'`);
          await other.execute(sql`select count(*) from users`);
          await other.execute(sql`update users set last_active_at = now() where id = ${rep.id}`);
          await other.execute(sql`select count(*) from user_points_daily`);
          return "answered";
        });
        // The challenges page reads points from the ledger: it says they are being recalculated instead of waiting.
        const day = (offset: number) => new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);
        await createChallenge(
          t.db,
          { id: rep.id, role: "admin", teamId: null },
          challengeInput.parse({
            title: "Points week",
            metric: "points",
            goal: "50",
            startsAt: `${day(-1)}T00:00`,
            endsAt: `${day(6)}T00:00`,
          }),
        );
        board = await challengesFor(t.db, rep);
      } finally {
        release();
      }
      expect(await bulk).toBe("loaded");
      expect(probe).toBe("answered");
      expect(board.map((c) => c.recalculating)).toEqual([true]);
      expect((await challengesFor(t.db, rep)).map((c) => c.recalculating)).toEqual([false]);
    },
  );

  it("recomputes row by row, without counting twice, when a first run finds ledger rows already there", async () => {
    const rep = await createRep(t.db);
    const first = await publish(rep.id, "2026-06-01T09:00:00Z");
    await publish(rep.id, "2026-06-01T10:00:00Z");
    // As if an earlier run had written this row (ledger and rollup together) and then lost its watermark.
    await t.db.execute(
      insertPoints(
        sql`select ${ledgerRow({
          userId: sql`${rep.id}::uuid`,
          kind: "share",
          points: sql`10`,
          shareId: sql`${first.id}`,
          createdAt: sql`${first.publishedAt}::timestamptz`,
        })}`,
      ),
    );
    await runAwards(t.db, NOW);
    const shareRows = await t.db
      .select()
      .from(pointEvents)
      .where(and(eq(pointEvents.userId, rep.id), eq(pointEvents.kind, "share")));
    expect(shareRows).toHaveLength(2);
    const [daily] = await rows<{ points: number }>(
      t.db,
      sql`select sum(points)::int as points from user_points_daily where user_id = ${rep.id} and day = '2026-06-01'`,
    );
    // Two shares (10 each), plus any badge bonus dated that day (none: badges carry the run's date); the
    // pre-existing row is counted once.
    expect(daily!.points).toBe(
      20 +
        (
          await rows<{ bonus: number }>(
            t.db,
            sql`select coalesce(sum(points), 0)::int as bonus from point_events where user_id = ${rep.id} and kind = 'badge' and created_at::date = '2026-06-01'`,
          )
        )[0]!.bonus,
    );
  });
});
