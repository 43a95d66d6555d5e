import { and, asc, desc, eq, ilike, inArray, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "../../db/client.server";
import { contentItems, packItems, packs, packTargets, teams } from "../../db/schema";
import { audit } from "./audit.server";
import { packOpenToTeam } from "./content.server";
import { constraintFieldError } from "./db-errors.server";
import { transitionItem, WorkflowError } from "./studio.server";
import { optionalDateIn } from "./zoned-time.server";

const imagePath = z
  .string()
  .trim()
  .refine(
    (u) => /^https?:\/\//i.test(u) || /^\/(?!\/)[\w./-]+$/.test(u),
    "Use an http(s) URL or a site path such as /covers/news.svg",
  );

/** The pack editor's fields, its live window read in the marketer's zone; no target team means everyone. */
export const packInputIn = (timeZone: string) =>
  z
    .object({
      title: z.string().trim().min(1, "Give the pack a title").max(200, "Keep the title under 200 characters"),
      description: z.string().trim().max(2000, "Keep the description under 2,000 characters").default(""),
      coverUrl: z.preprocess((v) => (v === "" ? null : v), imagePath.nullable().default(null)),
      startsAt: optionalDateIn(timeZone).default(null),
      endsAt: optionalDateIn(timeZone).default(null),
      teamIds: z.preprocess((v) => (v == null ? [] : [v].flat()), z.array(z.string().uuid("Unknown team")).max(500)),
    })
    .refine((v) => !v.startsAt || !v.endsAt || v.endsAt > v.startsAt, {
      message: "The pack must end after it starts",
      path: ["endsAt"],
    });
/** The pack fields with times in UTC (seeds, tests); the editor uses packInputIn(user.timeZone). */
export const packInput = packInputIn("UTC");
export type PackInput = z.infer<typeof packInput>;

/** Creates (no id) or edits a pack and replaces its target teams. An archived pack no longer changes. */
export async function savePack(
  db: Db,
  { actorId, input, packId }: { actorId: string; input: PackInput; packId?: string },
): Promise<string> {
  return db.transaction(async (tx) => {
    const values = {
      title: input.title,
      description: input.description,
      coverUrl: input.coverUrl,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      updatedAt: new Date(),
    };
    let id = packId;
    if (id) {
      const [row] = await tx
        .update(packs)
        .set(values)
        .where(and(eq(packs.id, id), sql`${packs.status} <> 'archived'`))
        .returning({ id: packs.id });
      if (!row) throw new WorkflowError("This pack no longer exists or is archived.");
      await tx.delete(packTargets).where(eq(packTargets.packId, id));
    } else {
      const [row] = await tx
        .insert(packs)
        .values({ ...values, createdBy: actorId })
        .returning({ id: packs.id });
      if (!row) throw new Error("Inserting the pack returned no row");
      id = row.id;
    }
    const teamIds = [...new Set(input.teamIds)];
    if (teamIds.length) {
      const known = await tx.select({ id: teams.id }).from(teams).where(inArray(teams.id, teamIds));
      if (known.length !== teamIds.length) throw new WorkflowError("One of the chosen teams no longer exists.");
      // A team deleted between that check and this insert meets the foreign key: the same message, not a 500.
      await tx
        .insert(packTargets)
        .values(teamIds.map((teamId) => ({ packId: id, teamId })))
        .catch((error: unknown) => {
          if (constraintFieldError(error)) throw new WorkflowError("One of the chosen teams no longer exists.");
          throw error;
        });
    }
    await audit(tx, {
      actorId,
      action: packId ? "pack.update" : "pack.create",
      targetType: "pack",
      targetId: id,
      detail: { teams: teamIds.length },
    });
    return id;
  });
}

/** The pack if it can still change; else a WorkflowError saying why. */
export async function editablePack(db: Db, packId: string) {
  const [pack] = await db.select({ status: packs.status }).from(packs).where(eq(packs.id, packId));
  if (!pack) throw new WorkflowError("Pack not found.");
  if (pack.status === "archived") throw new WorkflowError("This pack is archived.");
  return pack;
}

/** Appends an item at the end of the pack (adding it twice changes nothing); returns the item's title. */
export async function addItemToPack(
  db: Db,
  { actorId, packId, itemId }: { actorId: string; packId: string; itemId: string },
): Promise<string> {
  await editablePack(db, packId);
  const [item] = await db
    .select({ status: contentItems.status, title: contentItems.title })
    .from(contentItems)
    .where(eq(contentItems.id, itemId));
  if (!item) throw new WorkflowError("Item not found.");
  if (item.status === "archived") throw new WorkflowError("An archived item cannot go into a pack.");
  const inserted = await db
    .insert(packItems)
    .values({
      packId,
      itemId,
      position: sql`(select coalesce(max(position) + 1, 0) from ${packItems} where pack_id = ${packId})`,
    })
    .onConflictDoNothing()
    .returning({ itemId: packItems.itemId });
  if (inserted.length)
    await audit(db, { actorId, action: "pack.add_item", targetType: "pack", targetId: packId, detail: { itemId } });
  return item.title;
}

export async function removeItemFromPack(
  db: Db,
  { actorId, packId, itemId }: { actorId: string; packId: string; itemId: string },
): Promise<void> {
  await editablePack(db, packId);
  const removed = await db
    .delete(packItems)
    .where(and(eq(packItems.packId, packId), eq(packItems.itemId, itemId)))
    .returning({ itemId: packItems.itemId });
  if (removed.length)
    await audit(db, { actorId, action: "pack.remove_item", targetType: "pack", targetId: packId, detail: { itemId } });
}

/** Sets the order of a pack's items; the list must hold exactly the pack's items. */
export async function reorderPack(
  db: Db,
  { actorId, packId, itemIds }: { actorId: string; packId: string; itemIds: string[] },
): Promise<void> {
  await editablePack(db, packId);
  await db.transaction(async (tx) => {
    const current = await tx
      .select({ itemId: packItems.itemId })
      .from(packItems)
      .where(eq(packItems.packId, packId))
      .for("update");
    const have = new Set(current.map((r) => r.itemId));
    if (
      itemIds.length !== have.size ||
      new Set(itemIds).size !== itemIds.length ||
      itemIds.some((id) => !have.has(id))
    ) {
      throw new WorkflowError("The pack changed while you were reordering it; reload and try again.");
    }
    if (itemIds.length) {
      await tx.execute(sql`
        update ${packItems} pi set position = o.position - 1
        from unnest(${`{${itemIds.join(",")}}`}::uuid[]) with ordinality as o(item_id, position)
        where pi.pack_id = ${packId} and pi.item_id = o.item_id`);
    }
    await audit(tx, { actorId, action: "pack.reorder", targetType: "pack", targetId: packId });
  });
}

/** Moves one item a place up or down (the keyboard-friendly twin of drag and drop). */
export async function moveItemInPack(
  db: Db,
  { actorId, packId, itemId, direction }: { actorId: string; packId: string; itemId: string; direction: "up" | "down" },
): Promise<void> {
  const order = (await packItemOrder(db, packId)).map((r) => r.itemId);
  const at = order.indexOf(itemId);
  const to = direction === "up" ? at - 1 : at + 1;
  // Outside the list (not in the pack, or already first or last), one of the two is missing: nothing moves.
  const [mover, other] = [order[at], order[to]];
  if (mover === undefined || other === undefined) return;
  [order[at], order[to]] = [other, mover];
  await reorderPack(db, { actorId, packId, itemIds: order });
}

function packItemOrder(db: Db, packId: string) {
  return db
    .select({
      itemId: packItems.itemId,
      title: contentItems.title,
      type: contentItems.type,
      status: contentItems.status,
      createdBy: contentItems.createdBy,
    })
    .from(packItems)
    .innerJoin(contentItems, eq(contentItems.id, packItems.itemId))
    .where(eq(packItems.packId, packId))
    .orderBy(asc(packItems.position), asc(contentItems.title));
}

/** Sends every draft item of the pack to review. Returns how many moved. */
export async function submitPackItems(db: Db, actorId: string, packId: string): Promise<number> {
  await editablePack(db, packId);
  const drafts = (await packItemOrder(db, packId)).filter((i) => i.status === "draft");
  for (const item of drafts) await transitionItem(db, { itemId: item.itemId, actorId, action: "submit" });
  return drafts.length;
}

/**
 * Why a draft pack cannot be published yet, as a sentence for beside the disabled button, or null when it can.
 * (Items are approved one by one on their own page, after they were shown to the reviewer: decision 020.)
 */
export function publishBlocker(items: Array<{ title: string; status: string }>): string | null {
  if (!items.length) return "Add at least one approved item to publish the pack.";
  const waiting = items.filter((i) => i.status !== "approved" && i.status !== "published");
  if (!waiting.length) return null;
  const drafts = waiting.filter((i) => i.status === "draft").length;
  const inReview = waiting.filter((i) => i.status === "in_review").length;
  const parts = [
    drafts ? `${drafts} draft${drafts === 1 ? "" : "s"} to send to review` : null,
    inReview ? `${inReview} item${inReview === 1 ? "" : "s"} waiting for another marketer's approval` : null,
  ].filter(Boolean);
  return `Every item must be approved first: ${parts.join(" and ")}.`;
}

/**
 * One-step publish: once every item is approved (or already published), the items and the pack go
 * live together, in one transaction, each transition audited.
 */
export async function publishPack(
  db: Db,
  { actorId, packId, now = new Date() }: { actorId: string; packId: string; now?: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [pack] = await tx.select({ status: packs.status }).from(packs).where(eq(packs.id, packId)).for("update");
    if (!pack) throw new WorkflowError("Pack not found.");
    if (pack.status !== "draft") throw new WorkflowError(`A ${pack.status} pack cannot be published.`);
    const items = await packItemOrder(tx, packId);
    if (!items.length) throw new WorkflowError("Add at least one item before publishing the pack.");
    const waiting = items.filter((i) => i.status !== "approved" && i.status !== "published");
    if (waiting.length) {
      throw new WorkflowError(
        `Every item must be approved first; still waiting: ${waiting.map((i) => `“${i.title}” (${i.status.replace("_", " ")})`).join(", ")}.`,
      );
    }
    for (const item of items.filter((i) => i.status === "approved"))
      await transitionItem(tx, { itemId: item.itemId, actorId, action: "publish" }, now);
    await tx.update(packs).set({ status: "published", publishedAt: now, updatedAt: now }).where(eq(packs.id, packId));
    await audit(tx, {
      actorId,
      action: "pack.publish",
      targetType: "pack",
      targetId: packId,
      detail: { items: items.length },
    });
  });
}

export async function archivePack(
  db: Db,
  { actorId, packId, now = new Date() }: { actorId: string; packId: string; now?: Date },
): Promise<void> {
  const [row] = await db
    .update(packs)
    .set({ status: "archived", updatedAt: now })
    .where(and(eq(packs.id, packId), sql`${packs.status} <> 'archived'`))
    .returning({ id: packs.id });
  if (!row) throw new WorkflowError("This pack no longer exists or is already archived.");
  await audit(db, { actorId, action: "pack.archive", targetType: "pack", targetId: packId });
}

export async function listPacks(db: Db) {
  const listed = await rows<{
    id: string;
    title: string;
    status: string;
    starts_at: Date | null;
    ends_at: Date | null;
    updated_at: Date;
    items: number;
    teams: string[];
  }>(
    db,
    sql`select p.id, p.title, p.status, p.starts_at, p.ends_at, p.updated_at,
               (select count(*)::int from ${packItems} pi where pi.pack_id = p.id) as items,
               coalesce((
                 select array_agg(t.name order by t.name)
                 from ${packTargets} pt join ${teams} t on t.id = pt.team_id
                 where pt.pack_id = p.id
               ), '{}') as teams
        from ${packs} p
        order by (p.status = 'archived'), p.updated_at desc
        limit 300`,
  );
  return listed.map(({ starts_at, ends_at, updated_at, ...p }) => ({
    ...p,
    startsAt: starts_at,
    endsAt: ends_at,
    updatedAt: updated_at,
  }));
}

export async function getPack(db: Db, packId: string) {
  const [pack] = await db.select().from(packs).where(eq(packs.id, packId));
  if (!pack) return null;
  const [items, targets] = await Promise.all([
    packItemOrder(db, packId),
    db.select({ teamId: packTargets.teamId }).from(packTargets).where(eq(packTargets.packId, packId)),
  ]);
  return { ...pack, items, teamIds: targets.map((t) => t.teamId) };
}

/** Approved or published items not yet in the pack whose title contains the search, newest first (the picker). */
export async function findItemsForPack(
  db: Db,
  { packId, q, limit = 12 }: { packId: string; q: string; limit?: number },
) {
  const inPack = db.select({ id: packItems.itemId }).from(packItems).where(eq(packItems.packId, packId));
  const words = q.trim().split(/\s+/).filter(Boolean).slice(0, 8);
  return db
    .select({ id: contentItems.id, title: contentItems.title, status: contentItems.status, type: contentItems.type })
    .from(contentItems)
    .where(
      and(
        inArray(contentItems.status, ["approved", "published"]),
        notInArray(contentItems.id, inPack),
        ...words.map((w) => ilike(contentItems.title, `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)),
      ),
    )
    .orderBy(desc(contentItems.updatedAt))
    .limit(limit);
}

/** Packs live now for a team (published, inside their window, aimed at everyone or the team), with their live item counts. */
export async function livePacksForTeam(
  db: Db,
  { teamId, now = new Date(), limit = 6 }: { teamId: string | null; now?: Date; limit?: number },
) {
  const live = await rows<{
    id: string;
    title: string;
    description: string;
    cover_url: string | null;
    ends_at: Date | null;
    items: number;
  }>(
    db,
    sql`select p.id, p.title, p.description, p.cover_url, p.ends_at,
               (select count(*)::int from ${packItems} pi join ${contentItems} ci on ci.id = pi.item_id
                where pi.pack_id = p.id and ci.status = 'published'
                  and (ci.publish_at is null or ci.publish_at <= ${now})
                  and (ci.expires_at is null or ci.expires_at > ${now})) as items
        from ${packs} p
        where ${packOpenToTeam(teamId, now)}
        order by p.published_at desc nulls last
        limit ${limit}`,
  );
  return live.map(({ cover_url, ends_at, ...p }) => ({ ...p, coverUrl: cover_url, endsAt: ends_at }));
}
