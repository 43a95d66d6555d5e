import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runAwards } from "~/domain/gamification/award-run.server";
import { rows } from "../../db/client.server";
import {
  linkClicks,
  linkVisitors,
  pointEvents,
  shareDayVisitors,
  shares,
  shareVisitorCounts,
  shareVisitors,
  userClickStats,
  userPointsDaily,
} from "../../db/schema";
import { useAwardsTestDb } from "../helpers/awards";
import { createRep } from "../helpers/fixtures";

/**
 * Unique visitors are counted as the clicks are written (link_visitors, share_visitors: a statement
 * trigger on link_clicks, decision 022); the award job counts their rows.
 */
describe("visitors counted as clicks are written", () => {
  const { t, publish } = useAwardsTestDb();

  const click = (shareId: string, visitor: string, at: string, isBot = false) => ({
    shareId,
    visitorHash: visitor,
    clickedAt: new Date(at),
    isBot,
  });
  const visitorsOf = async (shareId: string) =>
    (
      await t.db
        .select({ day: linkVisitors.day, visitor: linkVisitors.visitorHash })
        .from(linkVisitors)
        .where(eq(linkVisitors.shareId, shareId))
    )
      .map((r) => `${r.day} ${r.visitor}`)
      .sort();
  const shareVisitorsOf = async (shareId: string) =>
    (await t.db.select().from(shareVisitors).where(eq(shareVisitors.shareId, shareId)))
      .map((r) => ({ visitor: r.visitorHash, firstClickId: r.firstClickId }))
      .sort((a, b) => a.visitor.localeCompare(b.visitor));

  it("counts a visitor once per share and UTC day, across statements and within one", async () => {
    const rep = await createRep(t.db);
    const share = await publish(rep.id, "2026-06-08T09:00:00Z");
    const other = await publish(rep.id, "2026-06-08T09:00:00Z");
    const first = await t.db
      .insert(linkClicks)
      .values([
        click(share.id, "a", "2026-06-08T10:00:00Z"),
        click(share.id, "a", "2026-06-08T23:59:59Z"), // same visitor, same UTC day, same statement
        click(share.id, "b", "2026-06-08T10:00:00Z"),
        click(other.id, "a", "2026-06-08T10:00:00Z"), // same visitor, another share
      ])
      .returning({ id: linkClicks.id });
    await t.db.insert(linkClicks).values(click(share.id, "a", "2026-06-08T12:00:00Z")); // again, a later statement
    await t.db.insert(linkClicks).values(click(share.id, "a", "2026-06-09T00:00:00Z")); // the next UTC day
    expect(await visitorsOf(share.id)).toEqual(["2026-06-08 a", "2026-06-08 b", "2026-06-09 a"]);
    expect(await visitorsOf(other.id)).toEqual(["2026-06-08 a"]);
    // Counted in the same statement: per share-day, and per share.
    const perDay = await t.db
      .select({ day: shareDayVisitors.day, visitors: shareDayVisitors.visitors, userId: shareDayVisitors.userId })
      .from(shareDayVisitors)
      .where(eq(shareDayVisitors.shareId, share.id));
    expect(perDay.sort((a, b) => a.day.localeCompare(b.day))).toEqual([
      { day: "2026-06-08", visitors: 2, userId: rep.id },
      { day: "2026-06-09", visitors: 1, userId: rep.id },
    ]);
    const perShare = await t.db
      .select({ shareId: shareVisitorCounts.shareId, visitors: shareVisitorCounts.visitors })
      .from(shareVisitorCounts)
      .where(inArray(shareVisitorCounts.shareId, [share.id, other.id]));
    expect(perShare.sort((a, b) => b.visitors - a.visitors)).toEqual([
      { shareId: share.id, visitors: 2 },
      { shareId: other.id, visitors: 1 },
    ]);
    // Per share, a visitor is one row whatever the day, carrying the click that brought it first.
    expect(await shareVisitorsOf(share.id)).toEqual([
      { visitor: "a", firstClickId: first[0]!.id },
      { visitor: "b", firstClickId: first[2]!.id },
    ]);
  });

  it("ignores bot clicks, as the award rules do", async () => {
    const rep = await createRep(t.db);
    const share = await publish(rep.id, "2026-06-08T09:00:00Z");
    await t.db
      .insert(linkClicks)
      .values([click(share.id, "bot", "2026-06-08T10:00:00Z", true), click(share.id, "human", "2026-06-08T10:00:00Z")]);
    // A visitor first seen as a bot and later as a human counts from the human click.
    const [later] = await t.db
      .insert(linkClicks)
      .values(click(share.id, "bot", "2026-06-09T10:00:00Z"))
      .returning({ id: linkClicks.id });
    expect(await visitorsOf(share.id)).toEqual(["2026-06-08 human", "2026-06-09 bot"]);
    expect((await shareVisitorsOf(share.id)).find((v) => v.visitor === "bot")?.firstClickId).toBe(later!.id);
  });

  it("awards click points and click counts from the counted visitors once: a rerun and later clicks add nothing twice", async () => {
    const rep = await createRep(t.db);
    const share = await publish(rep.id, "2026-06-08T09:00:00Z");
    await t.db
      .insert(linkClicks)
      .values([
        ...["a", "b", "c"].map((v) => click(share.id, v, "2026-06-08T10:00:00Z")),
        click(share.id, "a", "2026-06-08T11:00:00Z"),
        click(share.id, "z", "2026-06-08T11:00:00Z", true),
        ...["a", "d"].map((v) => click(share.id, v, "2026-06-09T10:00:00Z")),
      ]);
    const clickRows = async () =>
      (
        await t.db
          .select({ day: pointEvents.day, points: pointEvents.points })
          .from(pointEvents)
          .where(and(eq(pointEvents.shareId, share.id), eq(pointEvents.kind, "clicks")))
      ).sort((a, b) => String(a.day).localeCompare(String(b.day)));
    const stats = async () =>
      (await t.db.select().from(userClickStats).where(eq(userClickStats.userId, rep.id)))[0] ?? null;
    const totals = async () => {
      const [row] = await rows<{ ledger: number; rollup: number }>(
        t.db,
        sql`select (select coalesce(sum(points), 0)::int from ${pointEvents} where user_id = ${rep.id}) as ledger,
                   (select coalesce(sum(points), 0)::int from ${userPointsDaily} where user_id = ${rep.id}) as rollup`,
      );
      return row!;
    };
    const first = await runAwards(t.db, new Date("2026-06-10T12:00:00Z")); // full: both days are finished
    expect(first.clickPoints).toBe(2);
    expect(await clickRows()).toEqual([
      { day: "2026-06-08", points: 3 },
      { day: "2026-06-09", points: 2 },
    ]);
    expect(await stats()).toMatchObject({ uniqueClicks: 4, bestShareClicks: 4 });
    const after = await totals();
    expect(after.rollup).toBe(after.ledger);
    // A rerun (as after a crash before the watermark moved, or a second worker) awards nothing new.
    const again = await runAwards(t.db, new Date("2026-06-10T12:00:00Z"));
    expect([again.sharePoints, again.clickPoints, again.badges]).toEqual([0, 0, 0]);
    expect(await totals()).toEqual(after);
    // New clicks on a day already awarded and today: the known visitors add nothing, the new one counts once.
    await t.db
      .insert(linkClicks)
      .values([
        click(share.id, "a", "2026-06-10T13:00:00Z"),
        click(share.id, "e", "2026-06-10T13:00:00Z"),
        click(share.id, "e", "2026-06-10T14:00:00Z"),
      ]);
    await runAwards(t.db, new Date("2026-06-10T15:00:00Z"));
    await runAwards(t.db, new Date("2026-06-10T15:00:00Z"));
    expect(await stats()).toMatchObject({ uniqueClicks: 5, bestShareClicks: 5 });
    // The next day, today's clicks are a finished day: its two visitors, once.
    await runAwards(t.db, new Date("2026-06-11T00:10:00Z"));
    await runAwards(t.db, new Date("2026-06-11T00:20:00Z"));
    expect(await clickRows()).toEqual([
      { day: "2026-06-08", points: 3 },
      { day: "2026-06-09", points: 2 },
      { day: "2026-06-10", points: 2 },
    ]);
    const end = await totals();
    expect(end.rollup).toBe(end.ledger);
  });

  it("forgets a deleted share's clicks, visitors and counts with it", async () => {
    const rep = await createRep(t.db);
    const share = await publish(rep.id, "2026-06-08T09:00:00Z");
    const kept = await publish(rep.id, "2026-06-08T09:00:00Z");
    await t.db
      .insert(linkClicks)
      .values([click(share.id, "a", "2026-06-08T10:00:00Z"), click(kept.id, "a", "2026-06-08T10:00:00Z")]);
    const counts = async (shareId: string) => {
      const [row] = await rows<{ n: number }>(
        t.db,
        sql`select (select count(*) from ${linkVisitors} where share_id = ${shareId})
                 + (select count(*) from ${shareVisitors} where share_id = ${shareId})
                 + (select count(*) from ${shareDayVisitors} where share_id = ${shareId})
                 + (select count(*) from ${shareVisitorCounts} where share_id = ${shareId}) as n`,
      );
      return Number(row!.n);
    };
    const clicksOf = async (shareId: string) =>
      (await t.db.select().from(linkClicks).where(eq(linkClicks.shareId, shareId))).length;
    expect([await counts(share.id), await counts(kept.id)]).toEqual([4, 4]);
    await t.db.delete(shares).where(eq(shares.id, share.id));
    expect([await counts(share.id), await counts(kept.id)]).toEqual([0, 4]);
    // Its clicks go too (link_clicks has no foreign key to cascade them, decision 031).
    expect([await clicksOf(share.id), await clicksOf(kept.id)]).toEqual([0, 1]);
  });

  it("refuses a second ledger row for the same share-day, share or badge, whatever the text source says", async () => {
    const rep = await createRep(t.db);
    const share = await publish(rep.id, "2026-06-08T09:00:00Z");
    const day = { userId: rep.id, kind: "clicks", points: 1, shareId: share.id, day: "2026-06-08" };
    await t.db.insert(pointEvents).values(day);
    await expect(t.db.insert(pointEvents).values({ ...day, source: "another" })).rejects.toThrow();
    await t.db.insert(pointEvents).values({ userId: rep.id, kind: "share", points: 1, shareId: share.id });
    await expect(
      t.db.insert(pointEvents).values({ userId: rep.id, kind: "share", points: 1, shareId: share.id }),
    ).rejects.toThrow();
    const badge = crypto.randomUUID();
    await t.db.insert(pointEvents).values({ userId: rep.id, kind: "badge", points: 1, sourceId: badge });
    await expect(
      t.db.insert(pointEvents).values({ userId: rep.id, kind: "badge", points: 1, sourceId: badge }),
    ).rejects.toThrow();
    // A row without any key could never be refused a second time: the table does not take it.
    await expect(t.db.insert(pointEvents).values({ userId: rep.id, kind: "clicks", points: 1 })).rejects.toThrow();
    await t.db.delete(pointEvents).where(inArray(pointEvents.userId, [rep.id]));
  });
});
