import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runAwards } from "~/domain/gamification/award-run.server";
import { addBadge, setBadgeRetired } from "~/domain/gamification/badges.server";
import { profileStats } from "~/domain/gamification/profile.server";
import { rows } from "../../db/client.server";
import { auditLog, badges, packs } from "../../db/schema";
import { NOW, useAwardsTestDb } from "../helpers/awards";
import { createUser } from "../helpers/factories";
import { createItem, createRep } from "../helpers/fixtures";

describe("badge rules", () => {
  const { t, publish, publishMany, clicks, has } = useAwardsTestDb();

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

    await runAwards(t.db, NOW);
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
    await setBadgeRetired(t.db, { actorId: admin.id, badgeId: hat!.id, retired: true });
    await runAwards(t.db, NOW);
    expect(await has(rep.id, "hat-trick")).toBe(false);
    await setBadgeRetired(t.db, { actorId: admin.id, badgeId: hat!.id, retired: false });
    await runAwards(t.db, NOW);
    expect(await has(rep.id, "hat-trick")).toBe(true);
    const trail = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, hat!.id));
    expect(trail.map((r) => r.action)).toEqual(["badge.create", "badge.retire", "badge.restore"]);
  });

  it("a run with nobody touched still checks a badge added or restored since, for everyone", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const rep = await createRep(t.db);
    await publishMany(rep.id, 3, { network: "x" });
    await runAwards(t.db, NOW);
    // Nothing happened since: the run skips the badge reads and awards nothing.
    expect(await runAwards(t.db, new Date(NOW.getTime() + 30_000))).toMatchObject({ badges: 0, sharePoints: 0 });
    const trio = { description: "Three shares", ruleKind: "shares" as const, threshold: 3, bonusPoints: 0 };
    expect(await addBadge(t.db, admin.id, { ...trio, name: "Trio" })).toEqual({ ok: true });
    expect(await runAwards(t.db, new Date(NOW.getTime() + 60_000))).toMatchObject({ badges: 1 });
    expect(await has(rep.id, "trio")).toBe(true);
    // Added and retired between two runs, restored later: it is checked for everyone when it comes back.
    expect(await addBadge(t.db, admin.id, { ...trio, name: "Triad" })).toEqual({ ok: true });
    const [triad] = await t.db.select().from(badges).where(eq(badges.slug, "triad"));
    await setBadgeRetired(t.db, { actorId: admin.id, badgeId: triad!.id, retired: true });
    expect(await runAwards(t.db, new Date(NOW.getTime() + 90_000))).toMatchObject({ badges: 0 });
    await setBadgeRetired(t.db, { actorId: admin.id, badgeId: triad!.id, retired: false });
    expect(await runAwards(t.db, new Date(NOW.getTime() + 120_000))).toMatchObject({ badges: 1 });
    expect(await has(rep.id, "triad")).toBe(true);
  });

  it("counts a returning visitor once towards the click badges, across runs and reruns", async () => {
    const rep = await createRep(t.db);
    const share = await publish(rep.id, "2026-06-01T09:00:00Z");
    await clicks(share.id, 15, "2026-06-01T10:00:00Z"); // visitors v0..v14
    await runAwards(t.db, new Date("2026-06-01T12:00:00Z"));
    await clicks(share.id, 24, "2026-06-02T10:00:00Z"); // v0..v14 come back, v15..v23 are new: 24 in all
    await runAwards(t.db, new Date("2026-06-02T12:00:00Z"));
    await runAwards(t.db, new Date("2026-06-02T12:00:00Z"));
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
    await runAwards(t.db, new Date("2026-06-03T12:00:00Z"));
    expect(await stats()).toEqual({ unique_clicks: 25, best_share_clicks: 25 });
    expect(await has(rep.id, "viral-share")).toBe(true);
    // The profile's progress reads the same counts.
    const profile = await profileStats(t.db, rep.id);
    expect(profile.badges.find((b) => b.name === "Crowd puller")?.progress).toBe(25);
  });
});
