import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { parseAnalyticsFilters } from "~/domain/analytics/filters.server";
import { programStats } from "~/domain/analytics/program-stats.server";
import { awardChallenges, challengesFor } from "~/domain/challenges.server";
import { resetAwards, runAwards } from "~/domain/gamification/award-run.server";
import { profileStats } from "~/domain/gamification/profile.server";
import { newLinkCode } from "~/domain/links.server";
import type { Network } from "~/domain/networks";
import { countedShare, countedSharesInBulk } from "~/domain/share-counting.server";
import { changeQueuedShare, createShare, markLegacyUnverifiedShares, type ShareForm } from "~/domain/sharing.server";
import { parseSovFilters, sovReport } from "~/domain/sov/report.server";
import { rows } from "../../db/client.server";
import { badges, brands, challenges, linkClicks, pointEvents, shares, userBadges } from "../../db/schema";
import { resetTally, tally } from "../../jobs/tally";
import { connect, createItem, createRep, reloadShare } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

const ORIGIN = "https://chorus.example.com";
const NOW = new Date("2026-06-10T12:00:00Z");
const form = (over: Partial<ShareForm>): ShareForm => ({
  network: "linkedin",
  mode: "copy",
  text: "",
  idempotencyKey: crypto.randomUUID(),
  ...over,
});

describe("unverified shares (share page and copy)", () => {
  const t = useTestDb();
  beforeEach(async () => {
    await resetAwards(t.db);
    await resetTally(t.db);
    await t.db.delete(linkClicks);
    await t.db.delete(shares);
    await t.db.delete(challenges);
  });

  /** `n` shares by hand of one item on one network, an hour apart, as the composer records them. */
  async function shareByHand(
    rep: Awaited<ReturnType<typeof createRep>>,
    itemId: string,
    n: number,
    over: Partial<ShareForm> = {},
    start = Date.parse("2026-06-09T08:00:00Z"),
  ) {
    for (let i = 0; i < n; i++) {
      const result = await createShare(t.db, {
        user: rep,
        itemId,
        form: form(over),
        origin: ORIGIN,
        now: new Date(start + i * 3600_000),
      });
      expect(result).toMatchObject({ ok: true, status: "opened" });
    }
  }
  const sharePoints = async (userId: string) =>
    (
      await t.db
        .select({ n: sql<number>`coalesce(sum(points), 0)::int` })
        .from(pointEvents)
        .where(and(eq(pointEvents.userId, userId), eq(pointEvents.kind, "share")))
    )[0]!.n;

  it("records share-page and copy shares as opened, not published, and only API posts as published", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db, { disclosure: "#employee" });
    const copy = await createShare(t.db, {
      user: rep,
      itemId: item.id,
      form: form({ text: "My words" }),
      origin: ORIGIN,
      now: NOW,
    });
    const intent = await createShare(t.db, {
      user: rep,
      itemId: item.id,
      form: form({ mode: "intent", network: "x", text: "Look" }),
      origin: ORIGIN,
      now: NOW,
    });
    expect(copy).toMatchObject({ ok: true, status: "opened" });
    expect(intent).toMatchObject({ ok: true, status: "opened" });
    expect(await reloadShare(t.db, (copy as { shareId: string }).shareId)).toMatchObject({
      method: "copy",
      status: "opened",
      text: expect.stringMatching(/^My words #employee\n/),
    });
    await connect(t.db, rep.id, "linkedin");
    expect(
      await createShare(t.db, {
        user: rep,
        itemId: item.id,
        form: form({ mode: "schedule", date: "2026-06-11", time: "09:00" }),
        origin: ORIGIN,
        now: NOW,
      }),
    ).toMatchObject({ ok: true, status: "scheduled" });
  });

  it("carries the disclosure on the LinkedIn and X share pages; Facebook's takes only the link", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db, { disclosure: "#employee" });
    const urlOf = async (network: Network) =>
      new URL(
        (
          (await createShare(t.db, {
            user: rep,
            itemId: item.id,
            form: form({ mode: "intent", network, text: "Worth it" }),
            origin: ORIGIN,
            now: NOW,
          })) as {
            intentUrl: string;
          }
        ).intentUrl,
      );
    const linkedin = await urlOf("linkedin");
    expect(`${linkedin.origin}${linkedin.pathname}`).toBe("https://www.linkedin.com/feed/");
    expect(linkedin.searchParams.get("shareActive")).toBe("true");
    expect(linkedin.searchParams.get("text")).toMatch(
      /^Worth it #employee\nhttps:\/\/chorus\.example\.com\/l\/\w{10}$/,
    );
    expect((await urlOf("x")).searchParams.get("text")).toMatch(
      /^Worth it #employee\nhttps:\/\/chorus\.example\.com\/l\/\w{10}$/,
    );
    const facebook = await urlOf("facebook");
    expect(facebook.hostname).toBe("www.facebook.com");
    expect(facebook.searchParams.get("u")).toMatch(/^https:\/\/chorus\.example\.com\/l\/\w{10}$/);
  });

  it("gives the intent points once per item, network and rep, however often it is copied, and a recompute agrees", async () => {
    const rep = await createRep(t.db);
    const other = await createRep(t.db);
    const item = await createItem(t.db);
    await shareByHand(rep, item.id, 20); // 20 copies of one item on LinkedIn
    await shareByHand(rep, item.id, 3, { mode: "intent", network: "x" });
    await shareByHand(other, item.id, 2);
    await runAwards(t.db, NOW);
    await runAwards(t.db, NOW);
    expect(await sharePoints(rep.id)).toBe(5 + 5);
    expect(await sharePoints(other.id)).toBe(5);
    // More copies after the first run add nothing either.
    await shareByHand(rep, item.id, 2, {}, Date.parse("2026-06-10T12:30:00Z"));
    await runAwards(t.db, new Date("2026-06-10T14:00:00Z"));
    expect(await sharePoints(rep.id)).toBe(10);
    // A full recompute (bulk path) gives the same ledger; its unique key would refuse duplicates.
    await resetAwards(t.db);
    await runAwards(t.db, new Date("2026-06-10T14:00:00Z"));
    expect(await sharePoints(rep.id)).toBe(10);
    const keys = await t.db
      .select({ source: pointEvents.source })
      .from(pointEvents)
      .where(and(eq(pointEvents.userId, rep.id), eq(pointEvents.kind, "share")));
    expect(keys.map((k) => k.source).sort()).toEqual([
      `opened:${item.id}:linkedin:${rep.id}`,
      `opened:${item.id}:x:${rep.id}`,
    ]);
  });

  it("counts an item copied 20 times as one share toward badges and challenges, per network", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    const second = await createItem(t.db);
    const [badge] = await t.db
      .insert(badges)
      .values({ slug: `three-shares-${rep.id}`, name: "Three shares", ruleKind: "shares", threshold: 3 })
      .returning();
    await t.db.insert(challenges).values({
      title: "Share 3",
      metric: "shares",
      goal: 3,
      startsAt: new Date("2026-06-01T00:00:00Z"),
      endsAt: new Date("2026-06-30T00:00:00Z"),
    });
    await shareByHand(rep, item.id, 20);
    await runAwards(t.db, NOW);
    const progressOf = async () => (await profileStats(t.db, rep.id)).badges.find((b) => b.id === badge!.id)!.progress;
    expect(await progressOf()).toBe(1);
    expect(
      await t.db
        .select()
        .from(userBadges)
        .where(and(eq(userBadges.userId, rep.id), eq(userBadges.badgeId, badge!.id))),
    ).toHaveLength(0);
    const [challenge] = await challengesFor(t.db, { id: rep.id, teamId: null }, { now: NOW });
    expect(challenge!.me).toEqual({ progress: 1, completed: false });
    await shareByHand(rep, item.id, 2, { mode: "intent", network: "x" }, Date.parse("2026-06-10T12:10:00Z"));
    await shareByHand(rep, second.id, 1, {}, Date.parse("2026-06-10T13:30:00Z"));
    await runAwards(t.db, new Date("2026-06-10T14:00:00Z"));
    expect(await progressOf()).toBe(3);
    expect(
      await t.db
        .select()
        .from(userBadges)
        .where(and(eq(userBadges.userId, rep.id), eq(userBadges.badgeId, badge!.id))),
    ).toHaveLength(1);
    expect(await awardChallenges(t.db, new Date("2026-06-10T14:00:00Z"))).toBe(0); // the award run above completed it, once
    expect((await challengesFor(t.db, { id: rep.id, teamId: null }, { now: NOW }))[0]!.me).toEqual({
      progress: 3,
      completed: true,
    });
  });

  it("shows verified and unverified shares side by side in analytics, each copy counted once", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    await shareByHand(rep, item.id, 4);
    await t.db.insert(shares).values({
      userId: rep.id,
      itemId: item.id,
      network: "linkedin",
      method: "api",
      text: "x",
      status: "published",
      publishedAt: NOW,
      idempotencyKey: crypto.randomUUID(),
      linkCode: newLinkCode(),
    });
    const f = parseAnalyticsFilters(new URLSearchParams({ from: "2026-06-01", to: "2026-06-30" }), {
      role: "admin",
      teamId: null,
    });
    const stats = await programStats(t.db, f);
    expect(stats.network).toEqual([{ key: "linkedin", label: "linkedin", shares: 1, unverified: 1, uniqueClicks: 0 }]);
  });

  it("counts verified posts in share of voice, unverified ones only with the switch, incrementally as from scratch", async () => {
    const [ownBrand] = await t.db
      .insert(brands)
      .values({ name: `Own ${crypto.randomUUID()}`, isOwn: true, keywords: ["own"] })
      .onConflictDoNothing()
      .returning();
    await t.db
      .update(brands)
      .set({ isOwn: false })
      .where(sql`${brands.id} <> ${ownBrand!.id}`);
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    await t.db.insert(shares).values({
      userId: rep.id,
      itemId: item.id,
      network: "x",
      method: "api",
      text: "x",
      status: "published",
      publishedAt: new Date("2026-06-09T10:00:00Z"),
      idempotencyKey: crypto.randomUUID(),
      linkCode: newLinkCode(),
    });
    await shareByHand(rep, item.id, 3, { network: "x" }); // 2026-06-09, one counts
    await tally(t.db, NOW);
    await shareByHand(rep, item.id, 2, { network: "x" }, Date.parse("2026-06-10T08:00:00Z")); // repeats: count nothing
    await shareByHand(rep, item.id, 1, { network: "linkedin" }, Date.parse("2026-06-10T09:00:00Z"));
    await tally(t.db, new Date("2026-06-10T12:00:00Z")); // incremental
    const table = () =>
      rows<{ day: string; network: string; source: string; count: number }>(
        t.db,
        sql`select day::text as day, network, source::text as source, count from sov_daily where brand_id = ${ownBrand!.id} order by 1, 2, 3`,
      );
    const incremental = await table();
    expect(incremental).toEqual([
      { day: "2026-06-09", network: "x", source: "opened_share", count: 1 },
      { day: "2026-06-09", network: "x", source: "share", count: 1 },
      { day: "2026-06-10", network: "linkedin", source: "opened_share", count: 1 },
    ]);
    await resetTally(t.db);
    await tally(t.db, new Date("2026-06-10T12:00:00Z"));
    expect(await table()).toEqual(incremental);
    const report = (unverified: boolean) =>
      sovReport(
        t.db,
        parseSovFilters(
          new URLSearchParams({ from: "2026-06-01", to: "2026-06-30", ...(unverified ? { unverified: "1" } : {}) }),
        ),
      );
    const verifiedOnly = await report(false);
    expect(verifiedOnly.total).toMatchObject({ own: 1, ownFromShares: 1, unverifiedShares: 2 });
    const withUnverified = await report(true);
    expect(withUnverified.total).toMatchObject({ own: 3, ownFromShares: 3, unverifiedShares: 2 });
  });

  it("keeps the item's disclosure line when a queued share's text is edited", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db, { disclosure: "#employee" });
    await connect(t.db, rep.id, "linkedin");
    const created = (await createShare(t.db, {
      user: rep,
      itemId: item.id,
      form: form({ mode: "schedule", date: "2026-06-11", time: "09:00", text: "First" }),
      origin: ORIGIN,
      now: NOW,
    })) as { shareId: string };
    expect(
      await changeQueuedShare(t.db, {
        user: rep,
        action: { intent: "edit", shareId: created.shareId, text: "Better words" },
        now: NOW,
      }),
    ).toMatchObject({ ok: true });
    expect((await reloadShare(t.db, created.shareId)).text).toMatch(
      /^Better words #employee\nhttps:\/\/chorus\.example\.com\/l\/\w{10}$/,
    );
    // The rep keeping the disclosure in the edit does not double it.
    await changeQueuedShare(t.db, {
      user: rep,
      action: { intent: "edit", shareId: created.shareId, text: "Again #employee" },
      now: NOW,
    });
    expect((await reloadShare(t.db, created.shareId)).text).toMatch(/^Again #employee\nhttps:/);
  });

  it("picks the same counted shares in a pass over all of them as share by share, ties on the minute included", async () => {
    const reps = [await createRep(t.db), await createRep(t.db)];
    const items = [await createItem(t.db), await createItem(t.db)];
    const statuses = ["opened", "opened", "opened", "published", "cancelled", "failed"] as const;
    const minutesBefore = [5, 9, 9, 12, 0, 3]; // the earliest two opened ones tie; the id decides
    const networks = ["linkedin", "x"] as const;
    const rowsToInsert = [];
    // Every rep × item × network gets opened shares at a few times, two of them at the same minute (the id then
    // decides), plus verified, cancelled and failed ones, in an order unlike their times.
    for (const rep of reps)
      for (const item of items)
        for (const network of networks)
          for (const [i, status] of statuses.entries())
            rowsToInsert.push({
              userId: rep.id,
              itemId: item.id,
              network,
              method: status === "published" ? ("api" as const) : ("copy" as const),
              text: "x",
              status,
              publishedAt: status === "cancelled" ? null : new Date(NOW.getTime() - minutesBefore[i]! * 60_000),
              idempotencyKey: crypto.randomUUID(),
              linkCode: newLinkCode(),
            });
    await t.db.insert(shares).values(rowsToInsert);
    const ids = async (query: ReturnType<typeof sql>) =>
      (await rows<{ id: string }>(t.db, query)).map((r) => r.id).sort();
    const oneByOne = await ids(sql`select sh.id from ${shares} sh where ${countedShare("sh")}`);
    const allAtOnce = await ids(sql`select sh.id from ${countedSharesInBulk()} sh`);
    expect(allAtOnce).toEqual(oneByOne);
    // One opened share per rep, item and network, and every verified one.
    expect(oneByOne).toHaveLength(reps.length * items.length * networks.length * 2);
  });

  it("moves share-page and copy shares recorded as published before 'opened' existed, once", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    const legacy = {
      userId: rep.id,
      itemId: item.id,
      network: "linkedin" as const,
      text: "x",
      status: "published" as const,
      publishedAt: NOW,
    };
    await t.db.insert(shares).values([
      { ...legacy, method: "intent", idempotencyKey: crypto.randomUUID(), linkCode: newLinkCode() },
      { ...legacy, method: "copy", idempotencyKey: crypto.randomUUID(), linkCode: newLinkCode() },
      { ...legacy, method: "api", idempotencyKey: crypto.randomUUID(), linkCode: newLinkCode() },
    ]);
    expect(await markLegacyUnverifiedShares(t.db, NOW)).toBe(2);
    expect(await markLegacyUnverifiedShares(t.db, NOW)).toBe(0);
    const statuses = await t.db
      .select({ method: shares.method, status: shares.status })
      .from(shares)
      .where(eq(shares.userId, rep.id));
    expect(statuses.map((s) => `${s.method}:${s.status}`).sort()).toEqual([
      "api:published",
      "copy:opened",
      "intent:opened",
    ]);
  });
});
