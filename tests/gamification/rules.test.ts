import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { awardChallenges, challengeInput, challengesFor, createChallenge } from "~/domain/challenges.server";
import {
  addBadge,
  awardPoints,
  profileStats,
  resetAwards,
  savePointsSettings,
  setBadgeRetired,
} from "~/domain/gamification.server";
import { teamLeaderboard } from "~/domain/leaderboard.server";
import { bulkLoadLedger, insertPoints } from "~/domain/ledger.server";
import { newLinkCode } from "~/domain/links.server";
import {
  maskWebhook,
  saveSlackWebhook,
  sendSlackOutbox,
  SLACK_MAX_ATTEMPTS,
  slackWebhookUrl,
} from "~/domain/slack.server";
import { loader as exportLoader } from "~/routes/leaderboard.export";
import { rows } from "../../db/client.server";
import {
  auditLog,
  badges,
  challenges,
  linkClicks,
  notifications,
  packs,
  pointEvents,
  shares,
  slackOutbox,
  userBadges,
  userPointsDaily,
  users,
} from "../../db/schema";
import { slackMessages } from "../../mocks/slack";
import { contextFor, cookieFor, createTeam, createUser, getRequest } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";
import { createItem, createRep } from "../sharing/fixtures";

const NOW = new Date("2026-06-12T12:00:00Z");

describe("badge rules, challenges, levels and announcements", () => {
  const t = useTestDb();
  // Each case starts from no shares and nothing derived, as after a fresh install.
  beforeEach(async () => {
    await resetAwards(t.db);
    for (const table of [linkClicks, shares, challenges, notifications, slackOutbox, packs]) await t.db.delete(table);
  });

  async function publish(userId: string, at: string, over: Partial<typeof shares.$inferInsert> = {}) {
    const itemId = over.itemId ?? (await createItem(t.db)).id;
    const [share] = await t.db
      .insert(shares)
      .values({
        userId,
        itemId,
        network: "linkedin",
        method: "api",
        text: "x",
        status: "published",
        publishedAt: new Date(at),
        idempotencyKey: crypto.randomUUID(),
        linkCode: newLinkCode(),
        ...over,
      })
      .returning();
    return share!;
  }
  async function publishMany(userId: string, n: number, over: Partial<typeof shares.$inferInsert> = {}) {
    const item = await createItem(t.db);
    await t.db.insert(shares).values(
      Array.from({ length: n }, (_, i) => ({
        userId,
        itemId: item.id,
        network: "linkedin" as const,
        method: "api" as const,
        text: "x",
        status: "published" as const,
        publishedAt: new Date(Date.UTC(2026, 5, 1, 8, i)),
        idempotencyKey: crypto.randomUUID(),
        linkCode: newLinkCode(),
        ...over,
      })),
    );
  }
  async function clicks(shareId: string, n: number, at = "2026-06-02T10:00:00Z") {
    await t.db.insert(linkClicks).values(
      Array.from({ length: n }, (_, i) => ({
        shareId,
        visitorHash: `${shareId}-v${i}`,
        clickedAt: new Date(at),
        isBot: false,
      })),
    );
  }
  const has = async (userId: string, slug: string) =>
    (
      await t.db
        .select()
        .from(userBadges)
        .innerJoin(badges, eq(badges.id, userBadges.badgeId))
        .where(and(eq(userBadges.userId, userId), eq(badges.slug, slug)))
    ).length === 1;

  it("awards every default badge at its threshold and not one below", async () => {
    const pairs: Record<string, [string, string]> = {};
    const pair = async (slug: string) => (pairs[slug] = [(await createRep(t.db)).id, (await createRep(t.db)).id]);

    let [at, below] = await pair("first-share");
    await publish(at, "2026-06-01T09:00:00Z");

    [at, below] = await pair("three-networks");
    for (const network of ["linkedin", "x", "facebook"] as const)
      await publish(at, "2026-06-01T09:00:00Z", { network });
    for (const network of ["linkedin", "x"] as const) await publish(below, "2026-06-01T09:00:00Z", { network });

    [at, below] = await pair("ten-scheduled");
    await publishMany(at, 10, { scheduledAt: new Date("2026-06-01T08:00:00Z") });
    await publishMany(below, 9, { scheduledAt: new Date("2026-06-01T08:00:00Z") });

    [at, below] = await pair("hundred-shares");
    await publishMany(at, 100);
    await publishMany(below, 99);

    [at, below] = await pair("hundred-clicks");
    await clicks((await publish(at, "2026-06-01T09:00:00Z")).id, 60);
    await clicks((await publish(at, "2026-06-01T09:00:00Z")).id, 40);
    await clicks((await publish(below, "2026-06-01T09:00:00Z")).id, 99);

    [at, below] = await pair("viral-share");
    await clicks((await publish(at, "2026-06-01T09:00:00Z")).id, 25);
    await clicks((await publish(below, "2026-06-01T09:00:00Z")).id, 24);
    await clicks((await publish(below, "2026-06-01T09:00:00Z")).id, 24);

    [at, below] = await pair("first-in-company");
    const fresh = await createItem(t.db);
    await publish(at, "2026-06-01T09:00:00Z", { itemId: fresh.id });
    await publish(below, "2026-06-01T09:05:00Z", { itemId: fresh.id });
    // `below` was first on nothing: every other share of theirs is on an item someone shared before.

    [at, below] = await pair("early-bird");
    const [pack] = await t.db
      .insert(packs)
      .values({ title: "Launch", status: "published", publishedAt: new Date("2026-06-03T10:00:00Z") })
      .returning();
    await publish(at, "2026-06-03T11:59:00Z", { packId: pack!.id });
    await publish(below, "2026-06-03T12:01:00Z", { packId: pack!.id });

    [at, below] = await pair("pack-champion");
    const [pack2] = await t.db
      .insert(packs)
      .values({ title: "Five", status: "published", publishedAt: new Date("2026-05-01T10:00:00Z") })
      .returning();
    for (let i = 0; i < 5; i++) await publish(at, "2026-06-04T09:00:00Z", { packId: pack2!.id });
    for (let i = 0; i < 4; i++) await publish(below, "2026-06-04T09:00:00Z", { packId: pack2!.id });

    [at, below] = await pair("five-day-streak");
    for (const d of ["01", "02", "03", "04", "05"]) await publish(at, `2026-06-${d}T12:00:00Z`);
    for (const d of ["01", "02", "03", "04"]) await publish(below, `2026-06-${d}T12:00:00Z`);

    await awardPoints(t.db, NOW);
    for (const [slug, [reached, oneBelow]] of Object.entries(pairs)) {
      expect({ slug, reached: await has(reached, slug) }).toEqual({ slug, reached: true });
      if (slug !== "first-share")
        expect({ slug, oneBelow: await has(oneBelow, slug) }).toEqual({ slug, oneBelow: false });
    }
    expect(await has(pairs["first-share"]![1], "first-share")).toBe(false);
    // The profile shows progress towards what is not earned yet, capped at the threshold.
    const profile = await profileStats(t.db, pairs["hundred-shares"]![1]);
    expect(profile.badges.find((b) => b.name === "Centurion")).toMatchObject({
      progress: 99,
      threshold: 100,
      earnedAt: null,
    });
    expect(profile.badges.find((b) => b.name === "First share")!.earnedAt).toBeInstanceOf(Date);
  });

  it("an admin-added badge is awarded from the next run; a retired one is not awarded any more", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const rep = await createRep(t.db);
    await publishMany(rep.id, 3, { network: "x" });
    expect(
      await addBadge(t.db, admin.id, {
        name: "Hat trick",
        description: "Three shares",
        ruleKind: "shares",
        threshold: 3,
        bonusPoints: 7,
      }),
    ).toEqual({ ok: true });
    expect(
      await addBadge(t.db, admin.id, {
        name: "Hat trick",
        description: "",
        ruleKind: "shares",
        threshold: 4,
        bonusPoints: 0,
      }),
    ).toMatchObject({ ok: false, field: "name" });
    const [hat] = await t.db.select().from(badges).where(eq(badges.slug, "hat-trick"));
    await setBadgeRetired(t.db, admin.id, hat!.id, true);
    await awardPoints(t.db, NOW);
    expect(await has(rep.id, "hat-trick")).toBe(false);
    await setBadgeRetired(t.db, admin.id, hat!.id, false);
    await awardPoints(t.db, NOW);
    expect(await has(rep.id, "hat-trick")).toBe(true);
    const trail = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, hat!.id));
    expect(trail.map((r) => r.action)).toEqual(["badge.create", "badge.retire", "badge.restore"]);
  });

  it("new point values apply from then on and the change is audited", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const rep = await createRep(t.db);
    const before = await publish(rep.id, "2026-06-10T09:00:00Z", { method: "intent" });
    await awardPoints(t.db, NOW);
    await savePointsSettings(t.db, admin.id, {
      apiShare: 10,
      intentShare: 8,
      copyShare: 5,
      uniqueClick: 1,
      clickCapPerShareDay: 20,
    });
    const after = await publish(rep.id, "2026-06-12T11:00:00Z", { method: "intent" });
    await awardPoints(t.db, new Date("2026-06-12T12:05:00Z"));
    const points = async (shareId: string) =>
      (
        await t.db
          .select()
          .from(pointEvents)
          .where(and(eq(pointEvents.kind, "share"), eq(pointEvents.source, shareId)))
      )[0]!.points;
    expect([await points(before.id), await points(after.id)]).toEqual([5, 8]);
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, "settings.points"));
    expect(entry!.detail).toMatchObject({ before: { intentShare: 5 }, after: { intentShare: 8 } });
    await savePointsSettings(t.db, admin.id, {
      apiShare: 10,
      intentShare: 5,
      copyShare: 5,
      uniqueClick: 1,
      clickCapPerShareDay: 20,
    });
  });

  it("completes a challenge exactly at its goal inside its window, once, with its bonus and a notification", async () => {
    const manager = await createUser(t.db, { role: "manager" });
    const team = await createTeam(t.db);
    await t.db.update(users).set({ teamId: team.id }).where(eq(users.id, manager.id));
    const exact = await createRep(t.db, { teamId: team.id });
    const short = await createRep(t.db, { teamId: team.id });
    const outsider = await createRep(t.db);
    const input = challengeInput.parse({
      title: "Three this week",
      metric: "shares",
      goal: "3",
      teamId: team.id,
      startsAt: "2026-06-08T00:00",
      endsAt: "2026-06-13T00:00",
      bonusPoints: "20",
    });
    expect(await createChallenge(t.db, { id: manager.id, role: "manager", teamId: null }, input)).toMatchObject({
      ok: false,
      field: "teamId",
    });
    expect(
      await createChallenge(t.db, { id: manager.id, role: "manager", teamId: null }, { ...input, teamId: null }),
    ).toMatchObject({ ok: false, field: "teamId" });
    const created = await createChallenge(t.db, { id: manager.id, role: "manager", teamId: team.id }, input);
    expect(created.ok).toBe(true);
    for (const d of ["08", "09", "11"]) await publish(exact.id, `2026-06-${d}T10:00:00Z`);
    await publish(exact.id, "2026-06-05T10:00:00Z"); // before the window
    for (const d of ["08", "09"]) await publish(short.id, `2026-06-${d}T10:00:00Z`);
    for (const d of ["08", "09", "10"]) await publish(outsider.id, `2026-06-${d}T10:00:00Z`); // not on the team

    await awardPoints(t.db, NOW);
    await Promise.all([awardChallenges(t.db, NOW), awardChallenges(t.db, NOW)]);
    const done = await t.db.select().from(pointEvents).where(eq(pointEvents.kind, "challenge"));
    expect(done.map((r) => [r.userId, r.points])).toEqual([[exact.id, 20]]);
    const told = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, exact.id), eq(notifications.kind, "challenge")));
    expect(told.map((n) => n.title)).toEqual(["Challenge completed: Three this week"]);
    const [view] = (await challengesFor(t.db, { id: short.id, teamId: team.id }, { now: NOW })).filter(
      (c) => c.title === "Three this week",
    );
    expect(view).toMatchObject({
      goal: 3,
      participants: 3,
      completed: 1,
      total: 5,
      me: { progress: 2, completed: false },
    });
    // Leaders are those with any progress, and always the viewer.
    expect(view!.leaders.map((l) => [l.progress, l.completed])).toEqual([
      [3, true],
      [2, false],
    ]);
  });

  it("a full recompute awards challenges that ended long ago again", async () => {
    const marketer = await createUser(t.db, { role: "marketer" });
    const rep = await createRep(t.db);
    await createChallenge(
      t.db,
      { id: marketer.id, role: "marketer", teamId: null },
      challengeInput.parse({
        title: "Old sprint",
        metric: "shares",
        goal: "1",
        startsAt: "2026-05-01T00:00",
        endsAt: "2026-05-08T00:00",
        bonusPoints: "30",
      }),
    );
    await publish(rep.id, "2026-05-02T10:00:00Z");
    await awardPoints(t.db, NOW); // a month after the challenge ended
    const bonus = async () =>
      (
        await t.db
          .select()
          .from(pointEvents)
          .where(and(eq(pointEvents.userId, rep.id), eq(pointEvents.kind, "challenge")))
      ).map((r) => r.points);
    expect(await bonus()).toEqual([30]);
  });

  it("the month that just ended takes its last day's click points after midnight", async () => {
    const rep = await createRep(t.db);
    const share = await publish(rep.id, "2026-05-31T10:00:00Z");
    await clicks(share.id, 5, "2026-05-31T12:00:00Z");
    await awardPoints(t.db, new Date("2026-05-31T20:00:00Z"));
    await awardPoints(t.db, new Date("2026-06-01T00:10:00Z"));
    const [snap] = await rows<{ points: number }>(
      t.db,
      sql`select points from leaderboard_snapshots where period = 'month' and period_start = '2026-05-01' and user_id = ${rep.id}`,
    );
    const [may] = await rows<{ n: number }>(
      t.db,
      sql`select sum(points)::int as n from user_points_daily where user_id = ${rep.id} and day between '2026-05-01' and '2026-05-31'`,
    );
    expect(may!.n).toBeGreaterThan(10); // the share, the click day, badge bonuses
    expect(snap!.points).toBe(may!.n);
  });

  it("a points challenge does not count challenge bonuses", async () => {
    const marketer = await createUser(t.db, { role: "marketer" });
    const rep = await createRep(t.db);
    await createChallenge(
      t.db,
      { id: marketer.id, role: "marketer", teamId: null },
      challengeInput.parse({
        title: "Points sprint",
        metric: "points",
        goal: "10",
        startsAt: "2026-06-20T00:00",
        endsAt: "2026-06-27T00:00",
        bonusPoints: "50",
      }),
    );
    await t.db.insert(pointEvents).values([
      {
        userId: rep.id,
        kind: "challenge",
        points: 500,
        source: `other:${rep.id}`,
        createdAt: new Date("2026-06-21T10:00:00Z"),
      },
      {
        userId: rep.id,
        kind: "share",
        points: 9,
        source: `fake-share-${rep.id}`,
        createdAt: new Date("2026-06-21T10:00:00Z"),
      },
    ]);
    expect(await awardChallenges(t.db, new Date("2026-06-22T00:00:00Z"))).toBe(0);
    await t.db.insert(pointEvents).values({
      userId: rep.id,
      kind: "share",
      points: 1,
      source: `fake-share-2-${rep.id}`,
      createdAt: new Date("2026-06-21T11:00:00Z"),
    });
    expect(await awardChallenges(t.db, new Date("2026-06-22T00:00:00Z"))).toBe(1);
  });

  it("an incremental run leaves the same badges and leaderboard as a full recompute", async () => {
    const reps = [await createRep(t.db), await createRep(t.db), await createRep(t.db)];
    for (const [i, rep] of reps.entries()) await publishMany(rep.id, 2 + i);
    await awardPoints(t.db, new Date("2026-06-10T12:00:00Z"));
    // New activity for two of them, including one who reaches a badge threshold now.
    await publish(reps[0]!.id, "2026-06-11T09:00:00Z", { network: "x" });
    await publish(reps[0]!.id, "2026-06-11T09:30:00Z", { network: "facebook" });
    for (let h = 1; h <= 6; h++)
      await publish(reps[1]!.id, `2026-06-11T0${h}:00:00Z`, { scheduledAt: new Date(`2026-06-11T0${h}:00:00Z`) });
    await clicks((await publish(reps[2]!.id, "2026-06-11T08:00:00Z")).id, 25, "2026-06-11T10:00:00Z");
    const later = new Date("2026-06-11T12:00:00Z");
    await awardPoints(t.db, later);
    const snapshot = async () =>
      (await t.db.execute(
        sql`select period, period_start::text, user_id, points from leaderboard_snapshots order by 1, 2, 3`,
      )) as unknown;
    const badgesNow = async () =>
      (await t.db.select({ u: userBadges.userId, b: userBadges.badgeId }).from(userBadges))
        .map((r) => `${r.u}:${r.b}`)
        .sort();
    const ledger = async () =>
      JSON.stringify(
        await rows(t.db, sql`select kind, source, points from point_events where kind <> 'badge' order by 1, 2`),
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
    await awardPoints(t.db, later);
    expect(await state()).toEqual(incremental);
    expect(await has(reps[0]!.id, "three-networks")).toBe(true);
    expect(await has(reps[2]!.id, "viral-share")).toBe(true);
  });

  it("counts a returning visitor once towards the click badges, across runs and reruns", async () => {
    const rep = await createRep(t.db);
    const share = await publish(rep.id, "2026-06-01T09:00:00Z");
    await clicks(share.id, 15, "2026-06-01T10:00:00Z"); // visitors v0..v14
    await awardPoints(t.db, new Date("2026-06-01T12:00:00Z"));
    await clicks(share.id, 24, "2026-06-02T10:00:00Z"); // v0..v14 come back, v15..v23 are new: 24 in all
    await awardPoints(t.db, new Date("2026-06-02T12:00:00Z"));
    await awardPoints(t.db, new Date("2026-06-02T12:00:00Z"));
    const stats = async () =>
      (
        await rows<{ unique_clicks: number; best_share_clicks: number }>(
          t.db,
          sql`select unique_clicks, best_share_clicks from user_click_stats where user_id = ${rep.id}`,
        )
      )[0];
    expect(await stats()).toEqual({ unique_clicks: 24, best_share_clicks: 24 });
    expect(await has(rep.id, "viral-share")).toBe(false);
    await clicks(share.id, 25, "2026-06-03T10:00:00Z"); // one more new visitor: v24
    await awardPoints(t.db, new Date("2026-06-03T12:00:00Z"));
    expect(await stats()).toEqual({ unique_clicks: 25, best_share_clicks: 25 });
    expect(await has(rep.id, "viral-share")).toBe(true);
    // The profile's progress reads the same counts.
    const profile = await profileStats(t.db, rep.id);
    expect(profile.badges.find((b) => b.name === "Crowd puller")?.progress).toBe(25);
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
    const rep = await createRep(t.db);
    await publishMany(rep.id, 3);
    const stats = await awardPoints(t.db, NOW);
    expect(stats).toHaveProperty("ms_ledger"); // the bulk path ran (the row-by-row one reports ms_shares)
    expect(stats).not.toHaveProperty("ms_shares");
    expect(await definitions()).toEqual(before);
    // ...and the unique key still refuses a second award for the same source.
    const [share] = await t.db.select().from(shares).where(eq(shares.userId, rep.id)).limit(1);
    await expect(
      t.db.insert(pointEvents).values({ userId: rep.id, kind: "share", points: 10, source: share!.id }),
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
        sql`select ${rep.id}::uuid as user_id, 'share'::text as kind, 10 as points, ${first.id}::text as source, ${first.publishedAt}::timestamptz as created_at`,
      ),
    );
    await awardPoints(t.db, NOW);
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

  it("notifies a level-up once, however often the job runs", async () => {
    const rep = await createRep(t.db);
    await publishMany(rep.id, 5); // 5 x 10 points = 50: Contributor
    await awardPoints(t.db, NOW);
    await awardPoints(t.db, NOW);
    const levels = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, rep.id), eq(notifications.kind, "level")));
    expect(levels.map((n) => n.title)).toEqual(["Level up: Contributor"]);
  });

  it("ranks teams by total or per active member, ties sharing a rank", async () => {
    await t.db.execute(sql`update users set team_id = null`);
    const big = await createTeam(t.db, `Big ${crypto.randomUUID().slice(0, 6)}`);
    const small = await createTeam(t.db, `Small ${crypto.randomUUID().slice(0, 6)}`);
    const bigMembers = [
      await createRep(t.db, { teamId: big.id }),
      await createRep(t.db, { teamId: big.id }),
      await createRep(t.db, { teamId: big.id }),
      await createRep(t.db, { teamId: big.id }),
    ];
    const loner = await createRep(t.db, { teamId: small.id });
    const day = "2026-06-11";
    await t.db
      .insert(userPointsDaily)
      .values([...bigMembers.map((m) => ({ userId: m.id, day, points: 25 })), { userId: loner.id, day, points: 40 }])
      .onConflictDoNothing();
    const { refreshLeaderboards } = await import("~/domain/leaderboard.server");
    await refreshLeaderboards(t.db, NOW);
    const total = (await teamLeaderboard(t.db, { period: "week", measure: "total", now: NOW })).filter((r) =>
      [big.id, small.id].includes(r.teamId),
    );
    const perMember = (await teamLeaderboard(t.db, { period: "week", measure: "per_member", now: NOW })).filter((r) =>
      [big.id, small.id].includes(r.teamId),
    );
    expect(total.map((r) => [r.name, r.points, r.members])).toEqual([
      [big.name, 100, 4],
      [small.name, 40, 1],
    ]);
    expect(perMember.map((r) => [r.name, r.perMember])).toEqual([
      [small.name, 40],
      [big.name, 25],
    ]);
  });

  it("exports the leaderboard as CSV, defusing formula-like names", async () => {
    const rep = await createRep(t.db, { name: '=HYPERLINK("x")' });
    await t.db.insert(userPointsDaily).values({ userId: rep.id, day: "2026-06-11", points: 999 }).onConflictDoNothing();
    const { refreshLeaderboards } = await import("~/domain/leaderboard.server");
    await refreshLeaderboards(t.db, new Date());
    const response = await exportLoader({
      request: getRequest("/leaderboard/export?period=all&scope=company", await cookieFor(t.db, rep.id)),
      params: {},
      context: contextFor(t.db),
    });
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe("rank,name,team,points,movement");
    expect(lines.some((line) => /^\d+,"'=HYPERLINK\(""x""\)",,999,$/.test(line))).toBe(true);
  });

  it("announces new badges and packs on Slack once, and handles Slack's refusals", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    await saveSlackWebhook(t.db, admin.id, "https://hooks.slack.com/services/T0001/B0001/good");
    const rep = await createRep(t.db, { name: "Slack <!channel> Star" });
    const at = new Date("2026-07-01T10:00:00Z");
    // The first run after a reset announces nothing (it re-earns every badge at once).
    await awardPoints(t.db, new Date("2026-07-01T08:00:00Z"));
    await publish(rep.id, "2026-07-01T09:00:00Z");
    await t.db.insert(packs).values({
      title: "Autumn campaign",
      description: "Four posts",
      status: "published",
      publishedAt: new Date("2026-07-01T09:30:00Z"),
    });
    await awardPoints(t.db, at);
    await awardPoints(t.db, at);
    const queued = await t.db.select().from(slackOutbox);
    expect(queued.map((m) => m.text)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("Slack &lt;!channel&gt; Star earned the *First share* badge"),
        expect.stringContaining("New pack for sharing: *Autumn campaign* — Four posts"),
      ]),
    );
    const before = slackMessages.length;
    expect(await sendSlackOutbox(t.db, at)).toMatchObject({ failed: 0, waiting: 0 });
    expect(await sendSlackOutbox(t.db, at)).toMatchObject({ sent: 0 });
    expect(slackMessages.length - before).toBe(queued.length);

    // 429: wait for Retry-After, and the rest of the queue waits too.
    await saveSlackWebhook(t.db, admin.id, "https://hooks.slack.com/services/T0001/B0001/busy");
    await t.db.insert(slackOutbox).values([
      { dedupeKey: "t1", text: "one" },
      { dedupeKey: "t2", text: "two" },
    ]);
    expect(await sendSlackOutbox(t.db, at)).toEqual({ sent: 0, failed: 1, waiting: 2 });
    const [limited] = await t.db.select().from(slackOutbox).where(eq(slackOutbox.dedupeKey, "t1"));
    expect(limited).toMatchObject({
      attempts: 1,
      lastError: "rate_limited",
      nextAttemptAt: new Date(at.getTime() + 30_000),
    });
    // A revoked webhook is a permanent refusal: dropped with its reason, not retried.
    await saveSlackWebhook(t.db, admin.id, "https://hooks.slack.com/services/T0001/B0001/revoked");
    expect(await sendSlackOutbox(t.db, new Date(at.getTime() + 60_000))).toEqual({ sent: 0, failed: 2, waiting: 0 });
    const dropped = await t.db.select().from(slackOutbox).where(eq(slackOutbox.dedupeKey, "t2"));
    expect(dropped[0]).toMatchObject({ attempts: SLACK_MAX_ATTEMPTS, lastError: "403 invalid_token", sentAt: null });
    // A 5xx backs off and stays queued.
    await saveSlackWebhook(t.db, admin.id, "https://hooks.slack.com/services/T0001/B0001/broken");
    await t.db.insert(slackOutbox).values({ dedupeKey: "t3", text: "three" });
    expect(await sendSlackOutbox(t.db, at)).toEqual({ sent: 0, failed: 1, waiting: 1 });
    await saveSlackWebhook(t.db, admin.id, "");
    expect(maskWebhook("https://hooks.slack.com/services/T0001/B0001/SECRET")).toBe(
      "https://hooks.slack.com/services/••••",
    );
    expect(slackWebhookUrl.safeParse("https://hooks.slack.com/services/T0001/B0001/SECRET/").success).toBe(false);
  });
});
