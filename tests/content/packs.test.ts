import { and, eq, like, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import {
  getShareableItem,
  libraryForUser,
  notSharedYet,
  resetTrendingCache,
  trendingItems,
} from "~/domain/content.server";
import {
  addItemToPack,
  getPack,
  livePacksForTeam,
  moveItemInPack,
  packInput,
  publishPack,
  reorderPack,
  savePack,
  submitPackItems,
} from "~/domain/packs.server";
import { itemInput, openItemForReview, saveItem, transitionItem, WorkflowError } from "~/domain/studio.server";
import { auditLog, contentItems, packItems, packs, packTargets, shares } from "../../db/schema";
import { createTeam, createUser } from "../helpers/factories";
import { createItem } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

const packForm = (fields: Record<string, string | string[]> = {}) => ({
  title: "Spring launch",
  description: "Everything for the launch",
  coverUrl: "",
  startsAt: "",
  endsAt: "",
  ...fields,
});

describe("packs", () => {
  const t = useTestDb();

  async function draftItems(authorId: string, n: number, word: string) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(
        await saveItem(t.db, {
          actorId: authorId,
          input: itemInput.parse({
            type: "article",
            title: `${word} story ${i + 1}`,
            summary: "",
            url: `https://www.northwind.example/${word}-${i}`,
            imageUrl: "",
            tags: "",
            messages_linkedin: `${word} on LinkedIn ${i}`,
            messages_x: `${word} on X ${i}`,
            messages_facebook: "",
          }),
        }),
      );
    }
    return ids;
  }

  /** The reviewer opens each item's page, then approves it (decision 020: nothing unread is approved). */
  async function reviewAndApprove(reviewerId: string, itemIds: string[]) {
    for (const itemId of itemIds) {
      await openItemForReview(t.db, { itemId, viewerId: reviewerId });
      await transitionItem(t.db, { itemId, actorId: reviewerId, action: "approve" });
    }
  }

  it("rejects a pack that ends before it starts or names an unknown team, and saves nothing", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const bad = packInput.safeParse(
      packForm({ title: " ", startsAt: "2026-12-02T10:00", endsAt: "2026-12-01T10:00", teamIds: "not-a-team" }),
    );
    expect(bad.success).toBe(false);
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join("."))).toEqual(
      expect.arrayContaining(["title", "teamIds.0"]),
    );
    const before = (await t.db.select().from(packs)).length;
    await expect(
      savePack(t.db, {
        actorId: mia.id,
        input: packInput.parse(packForm({ teamIds: "00000000-0000-4000-8000-000000000000" })),
      }),
    ).rejects.toThrow(WorkflowError);
    expect(await t.db.select().from(packs)).toHaveLength(before);
  });

  it("keeps items in the order set by reordering and by moving one place", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const packId = await savePack(t.db, { actorId: mia.id, input: packInput.parse(packForm()) });
    const [a, b, c] = await draftItems(mia.id, 3, "order");
    for (const id of [a!, b!, c!, a!]) await addItemToPack(t.db, { actorId: mia.id, packId, itemId: id });
    expect((await getPack(t.db, packId))!.items.map((i) => i.itemId)).toEqual([a, b, c]);
    await reorderPack(t.db, { actorId: mia.id, packId, itemIds: [c!, a!, b!] });
    expect((await getPack(t.db, packId))!.items.map((i) => i.itemId)).toEqual([c, a, b]);
    await moveItemInPack(t.db, { actorId: mia.id, packId, itemId: b!, direction: "up" });
    expect((await getPack(t.db, packId))!.items.map((i) => i.itemId)).toEqual([c, b, a]);
    await expect(reorderPack(t.db, { actorId: mia.id, packId, itemIds: [a!, b!] })).rejects.toThrow("The pack changed");
    expect((await getPack(t.db, packId))!.items.map((i) => i.itemId)).toEqual([c, b, a]);
  });

  it("publishes in one step only once every item is approved, and never by its own author's approval", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const marco = await createUser(t.db, { role: "marketer" });
    const packId = await savePack(t.db, { actorId: mia.id, input: packInput.parse(packForm()) });
    const ids = await draftItems(mia.id, 3, "publish");
    const marcosOwn = (await draftItems(marco.id, 1, "marcos"))[0]!;
    for (const id of [...ids, marcosOwn]) await addItemToPack(t.db, { actorId: mia.id, packId, itemId: id });

    await expect(publishPack(t.db, { actorId: mia.id, packId })).rejects.toThrow(
      /still waiting: “publish story 1” \(draft\)/,
    );
    expect(await submitPackItems(t.db, mia.id, packId)).toBe(4);
    await reviewAndApprove(mia.id, [marcosOwn]);
    await openItemForReview(t.db, { itemId: ids[0]!, viewerId: mia.id });
    await expect(transitionItem(t.db, { itemId: ids[0]!, actorId: mia.id, action: "approve" })).rejects.toThrow(
      /own item/,
    );
    await expect(publishPack(t.db, { actorId: mia.id, packId })).rejects.toThrow(WorkflowError);
    await reviewAndApprove(marco.id, ids);

    await publishPack(t.db, { actorId: marco.id, packId });
    const pack = await getPack(t.db, packId);
    expect(pack!.status).toBe("published");
    expect(pack!.publishedAt).toBeInstanceOf(Date);
    expect(pack!.items.every((i) => i.status === "published")).toBe(true);
    const trail = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, packId));
    expect(trail.map((r) => r.action)).toEqual(
      expect.arrayContaining(["pack.create", "pack.add_item", "pack.publish"]),
    );
    const itemTrail = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, ids[0]!), like(auditLog.action, "content.%")));
    expect(itemTrail.map((r) => r.action)).toEqual(
      expect.arrayContaining(["content.submit", "content.approve", "content.publish"]),
    );
    await expect(publishPack(t.db, { actorId: marco.id, packId })).rejects.toThrow(
      "A published pack cannot be published.",
    );
  });

  it("shows a targeted pack's items only to its teams, and only inside its live window", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const marco = await createUser(t.db, { role: "marketer" });
    const [north, south, west] = [await createTeam(t.db), await createTeam(t.db), await createTeam(t.db)];
    const packId = await savePack(t.db, {
      actorId: mia.id,
      input: packInput.parse(packForm({ title: "Targeted", teamIds: [north.id, south.id] })),
    });
    const ids = await draftItems(mia.id, 2, "quokka");
    for (const id of ids) await addItemToPack(t.db, { actorId: mia.id, packId, itemId: id });
    await submitPackItems(t.db, mia.id, packId);
    await reviewAndApprove(marco.id, ids);
    await publishPack(t.db, { actorId: marco.id, packId });
    expect(await t.db.select().from(packTargets).where(eq(packTargets.packId, packId))).toHaveLength(2);

    const found = async (teamId: string | null, now = new Date()) =>
      (await libraryForUser(t.db, { user: { teamId }, query: { q: "quokka" }, now })).items.length;
    expect(await found(north.id)).toBe(2);
    expect(await found(south.id)).toBe(2);
    expect(await found(west.id)).toBe(0);
    expect(await found(null)).toBe(0);
    expect(await getShareableItem(t.db, { itemId: ids[0]!, user: { teamId: west.id } })).toBeNull();
    expect((await livePacksForTeam(t.db, { teamId: north.id })).map((p) => [p.title, p.items])).toContainEqual([
      "Targeted",
      2,
    ]);
    expect((await livePacksForTeam(t.db, { teamId: west.id })).map((p) => p.title)).not.toContain("Targeted");

    await t.db
      .update(packs)
      .set({ endsAt: new Date(Date.now() + 3600_000) })
      .where(eq(packs.id, packId));
    expect(await found(north.id, new Date(Date.now() + 2 * 3600_000))).toBe(0);
    expect(await found(north.id)).toBe(2);
  });

  it("home sections: items I have not shared yet, and the week's most shared items I may see", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const team = await createTeam(t.db);
    const rep = await createUser(t.db, { teamId: team.id });
    const [hot, warm, cold] = await draftItems(mia.id, 3, "home");
    await t.db.update(contentItems).set({ status: "published" }).where(like(contentItems.title, "home story%"));
    const share = (userId: string, itemId: string, n: number) =>
      t.db.insert(shares).values({
        userId,
        itemId,
        network: "linkedin",
        method: "intent",
        text: "x",
        status: "published",
        publishedAt: new Date(Date.now() - 3600_000),
        idempotencyKey: `home-${userId}-${itemId}-${n}`,
        linkCode: `h${Math.random().toString(36).slice(2, 11)}`,
      });
    const others = [await createUser(t.db), await createUser(t.db), await createUser(t.db), await createUser(t.db)];
    for (const [i, u] of others.entries()) {
      await share(u.id, hot!, i);
      if (i < 2) await share(u.id, warm!, i);
    }
    await share(rep.id, warm!, 9);

    const notShared = (await notSharedYet(t.db, { user: rep, now: new Date(), limit: 50 })).map((i) => i.id);
    expect(notShared).toEqual(expect.arrayContaining([hot, cold]));
    expect(notShared).not.toContain(warm);
    resetTrendingCache(t.db);
    expect((await trendingItems(t.db, { user: rep, now: new Date(), limit: 50 })).map((i) => i.id).slice(0, 2)).toEqual(
      [hot, warm],
    );

    // An item moved into a pack for another team drops out of this rep's trending list.
    const other = await createTeam(t.db);
    const packId = await savePack(t.db, {
      actorId: mia.id,
      input: packInput.parse(packForm({ title: "Elsewhere", teamIds: other.id })),
    });
    await t.db.insert(packItems).values({ packId, itemId: hot!, position: 0 });
    await t.db.update(packs).set({ status: "published" }).where(eq(packs.id, packId));
    expect((await trendingItems(t.db, { user: rep, now: new Date(), limit: 50 })).map((i) => i.id)).not.toContain(hot);
  });
  it("counts the trending ranking once for pages asking together, and shows the held one while the next is counted", async () => {
    const rep = await createUser(t.db);
    const [first, second] = [await createItem(t.db), await createItem(t.db)];
    const shareOf = (itemId: string, n: number) =>
      t.db.insert(shares).values({
        userId: rep.id,
        itemId,
        network: "linkedin",
        method: "api",
        text: "x",
        status: "published",
        publishedAt: new Date(Date.now() - 3600_000),
        idempotencyKey: `trend-${itemId}-${n}`,
        linkCode: `t${Math.random().toString(36).slice(2, 11)}`,
      });
    await shareOf(first.id, 1);
    // Counts the statements that count the ranking (they group shares by item) on this handle.
    let counts = 0;
    const dialect = new PgDialect();
    const counted = new Proxy(t.db, {
      get(target, key, receiver) {
        if (key !== "execute") return Reflect.get(target, key, receiver) as unknown;
        return (query: Parameters<typeof target.execute>[0]) => {
          const text = dialect.sqlToQuery(query as SQL).sql;
          if (text.includes("group by item_id")) counts++;
          return target.execute(query);
        };
      },
    });
    resetTrendingCache(counted);
    const start = Date.now();
    // The ranking is company-wide: other tests' shares are in it too, so only these two items are looked at.
    const mine = [first.id, second.id];
    const ranked = async (now: number) =>
      (await trendingItems(counted, { user: rep, now: new Date(now), limit: 50 }))
        .map((i) => i.id)
        .filter((id) => mine.includes(id));
    const together = await Promise.all([ranked(start), ranked(start), ranked(start), ranked(start)]);
    expect(counts).toBe(1);
    for (const list of together) expect(list).toEqual([first.id]);
    // Two shares of another item; a minute later the held ranking is still shown while the next is counted…
    await shareOf(second.id, 1);
    await shareOf(second.id, 2);
    expect(await ranked(start + 61_000)).toEqual([first.id]);
    expect(counts).toBe(2);
    // …and the next page gets the new one without counting again.
    await new Promise((r) => setTimeout(r, 200));
    expect(await ranked(start + 62_000)).toEqual([second.id, first.id]);
    expect(counts).toBe(2);
  });
});
