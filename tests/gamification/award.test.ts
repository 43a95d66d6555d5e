import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { resetAwards, runAwards } from "~/domain/gamification/award-run.server";
import { levelFor } from "~/domain/gamification/levels.server";
import { newLinkCode } from "~/domain/links.server";
import { badges, linkClicks, notifications, pointEvents, shares, userBadges, userPointsDaily } from "../../db/schema";
import { createItem, createRep } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

const NOW = new Date("2026-06-10T12:00:00Z");

describe("award job", () => {
  const t = useTestDb();
  beforeEach(async () => {
    await resetAwards(t.db);
    await t.db.delete(linkClicks);
    await t.db.delete(shares);
  });

  async function published(userId: string, at: string, over: Partial<typeof shares.$inferInsert> = {}) {
    const item = over.itemId ? { id: over.itemId } : await createItem(t.db);
    const [share] = await t.db
      .insert(shares)
      .values({
        userId,
        itemId: item.id,
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
  const ledger = async (userId: string) =>
    (
      await t.db
        .select({ n: sql<number>`coalesce(sum(points), 0)::int` })
        .from(pointEvents)
        .where(eq(pointEvents.userId, userId))
    )[0]!.n;
  const rollup = async (userId: string) =>
    (
      await t.db
        .select({ n: sql<number>`coalesce(sum(points), 0)::int` })
        .from(userPointsDaily)
        .where(eq(userPointsDaily.userId, userId))
    )[0]!.n;
  const badgesOf = async (userId: string) =>
    (
      await t.db
        .select({ slug: badges.slug })
        .from(userBadges)
        .innerJoin(badges, eq(badges.id, userBadges.badgeId))
        .where(eq(userBadges.userId, userId))
    )
      .map((b) => b.slug)
      .sort();

  it("gives share points by method once, however often and however concurrently it runs", async () => {
    const rep = await createRep(t.db);
    await published(rep.id, "2026-06-09T09:00:00Z", { method: "api" });
    await published(rep.id, "2026-06-09T10:00:00Z", { method: "intent", network: "x" });
    await Promise.all([runAwards(t.db, NOW), runAwards(t.db, NOW)]);
    await runAwards(t.db, NOW);
    const shareRows = await t.db
      .select()
      .from(pointEvents)
      .where(and(eq(pointEvents.userId, rep.id), eq(pointEvents.kind, "share")));
    expect(shareRows.map((r) => r.points).sort()).toEqual([10, 5]);
    expect(await rollup(rep.id)).toBe(await ledger(rep.id));
  });

  it("counts unique human clicks per share per finished day, capped at 20", async () => {
    const rep = await createRep(t.db);
    const share = await published(rep.id, "2026-06-08T09:00:00Z");
    const click = (visitor: string, at: string, isBot = false) => ({
      shareId: share.id,
      visitorHash: visitor,
      clickedAt: new Date(at),
      isBot,
    });
    await t.db.insert(linkClicks).values([
      ...Array.from({ length: 25 }, (_, i) => click(`v${i}`, "2026-06-08T10:00:00Z")),
      click("v0", "2026-06-08T11:00:00Z"), // the same visitor again: not unique
      click("bot", "2026-06-08T11:00:00Z", true),
      ...Array.from({ length: 3 }, (_, i) => click(`w${i}`, "2026-06-09T10:00:00Z")),
      click("today", "2026-06-10T10:00:00Z"), // today is not finished yet
    ]);
    const result = await runAwards(t.db, NOW);
    const clickRows = await t.db
      .select()
      .from(pointEvents)
      .where(and(eq(pointEvents.userId, rep.id), eq(pointEvents.kind, "clicks")));
    expect(clickRows.map((r) => r.points).sort((a, b) => a - b)).toEqual([3, 20]);
    expect(result.clickPoints).toBe(2);
  });

  it("awards a badge at its threshold and not one below, with its bonus, once", async () => {
    const one = await createRep(t.db);
    const none = await createRep(t.db);
    await published(one.id, "2026-06-09T09:00:00Z");
    await runAwards(t.db, NOW);
    await runAwards(t.db, NOW);
    expect(await badgesOf(one.id)).toContain("first-share");
    expect(await badgesOf(none.id)).toEqual([]);
    const bonus = await t.db
      .select()
      .from(pointEvents)
      .where(and(eq(pointEvents.userId, one.id), eq(pointEvents.kind, "badge")));
    expect(bonus.map((b) => b.points)).toContain(5);
    const notes = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, one.id), eq(notifications.kind, "badge")));
    expect(notes.filter((n) => n.title === "New badge: First share")).toHaveLength(1);
    expect(await rollup(one.id)).toBe(await ledger(one.id));
  });

  it("counts a 5-day streak of working days in the rep's zone across a weekend, and not with a gap", async () => {
    const streaker = await createRep(t.db, { timeZone: "America/Los_Angeles" });
    const gappy = await createRep(t.db, { timeZone: "America/Los_Angeles" });
    // Thu 4, Fri 5, (weekend), Mon 8, Tue 9, Wed 10 June 2026 at 09:00 Los Angeles = 16:00 UTC.
    for (const d of ["04", "05", "08", "09", "10"]) await published(streaker.id, `2026-06-${d}T16:00:00Z`);
    for (const d of ["04", "05", "08", "10", "11"]) await published(gappy.id, `2026-06-${d}T16:00:00Z`);
    await runAwards(t.db, new Date("2026-06-12T12:00:00Z"));
    expect(await badgesOf(streaker.id)).toContain("five-day-streak");
    expect(await badgesOf(gappy.id)).not.toContain("five-day-streak");
  });

  it("maps points to levels", () => {
    expect(levelFor(0)).toMatchObject({ level: 1, name: "Newcomer", next: { name: "Contributor", needs: 50 } });
    expect(levelFor(150)).toMatchObject({ level: 3, name: "Advocate" });
    expect(levelFor(99999).next).toBeNull();
  });
});
