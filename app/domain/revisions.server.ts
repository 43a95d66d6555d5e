import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { contentItems, contentMessages, contentReviewViews, contentRevisions, users } from "../../db/schema";
import { audit } from "./audit.server";
import { NETWORK_NAMES, NETWORKS, type Network } from "./networks";
import { WorkflowError } from "./workflow-error";
import type { Db } from "../../db/client.server";

/**
 * Review revisions (decision 011). Once an item is approved, content_items holds the approved version and only
 * this module changes what reps post: a marketer's edit of those fields becomes a pending revision, and a second
 * marketer's approval applies it in one transaction. Every reader reps use (library, item page, composer, share
 * pages, dispatch) reads content_items, so until then they keep seeing the approved version without knowing
 * revisions exist.
 */

/** Statuses whose reviewed fields change only through an approved revision. */
export const REVIEWED_STATUSES = ["approved", "published"] as const;
export const isReviewedStatus = (status: string) => (REVIEWED_STATUSES as readonly string[]).includes(status);

/** Everything a rep sees or posts: the link, the card (title, summary, image) and the text rules. */
export const revisionFields = z.object({
  url: z.string(),
  title: z.string(),
  summary: z.string(),
  imageUrl: z.string().nullable(),
  locked: z.boolean(),
  disclosure: z.string().nullable(),
  messages: z.object({
    linkedin: z.array(z.string()),
    x: z.array(z.string()),
    facebook: z.array(z.string()),
  } satisfies Record<Network, z.ZodType<string[]>>),
});
export type RevisionFields = z.infer<typeof revisionFields>;

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

const LABELS: Record<Exclude<keyof RevisionFields, "messages">, string> = {
  url: "URL",
  title: "Title",
  summary: "Summary",
  imageUrl: "Image URL",
  locked: "Locked text",
  disclosure: "Disclosure line",
};

const shown = (value: string | boolean | null) => (typeof value === "boolean" ? (value ? "Yes" : "No") : (value ?? ""));

/** The reviewed fields that differ, in the editor's order, each as text for an old-versus-new table. */
export function diffFields(live: RevisionFields, proposed: RevisionFields): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of Object.keys(LABELS) as Array<keyof typeof LABELS>) {
    if (live[field] !== proposed[field])
      changes.push({ field, label: LABELS[field], before: shown(live[field]), after: shown(proposed[field]) });
  }
  for (const network of NETWORKS) {
    const before = live.messages[network].join("\n---\n");
    const after = proposed.messages[network].join("\n---\n");
    if (before !== after)
      changes.push({ field: `messages_${network}`, label: `${NETWORK_NAMES[network]} messages`, before, after });
  }
  return changes;
}

/** Search covers tags and every suggested message (the tsvector column is generated from this text). */
export function searchTextFor(tags: string[], messages: Record<Network, string[]>) {
  return [tags.join(" "), ...NETWORKS.flatMap((n) => messages[n])].join("\n");
}

const noMessages = (): Record<Network, string[]> => ({ linkedin: [], x: [], facebook: [] });

/** Each item's messages per network, in order; an item without any gets empty lists. */
async function messagesOf(db: Db, itemIds: string[]): Promise<Map<string, Record<Network, string[]>>> {
  const byItem = new Map<string, Record<Network, string[]>>(itemIds.map((id) => [id, noMessages()]));
  if (!itemIds.length) return byItem;
  const list = await db
    .select({ itemId: contentMessages.itemId, network: contentMessages.network, body: contentMessages.body })
    .from(contentMessages)
    .where(inArray(contentMessages.itemId, itemIds))
    .orderBy(asc(contentMessages.position), asc(contentMessages.createdAt));
  for (const m of list) byItem.get(m.itemId)?.[m.network].push(m.body);
  return byItem;
}

const liveColumns = {
  id: contentItems.id,
  url: contentItems.url,
  title: contentItems.title,
  summary: contentItems.summary,
  imageUrl: contentItems.imageUrl,
  locked: contentItems.locked,
  disclosure: contentItems.disclosure,
};

/** The approved version of the reviewed fields, as reps see it now. */
export async function liveFields(db: Db, itemId: string): Promise<RevisionFields | null> {
  const [item] = await db.select(liveColumns).from(contentItems).where(eq(contentItems.id, itemId));
  if (!item) return null;
  const { id, ...fields } = item;
  return { ...fields, messages: (await messagesOf(db, [id])).get(id) ?? noMessages() };
}

async function pendingRow(db: Db, itemId: string, lock = false) {
  const query = db
    .select()
    .from(contentRevisions)
    .where(and(eq(contentRevisions.itemId, itemId), eq(contentRevisions.status, "pending")));
  const [row] = lock ? await query.for("update") : await query;
  return row ?? null;
}

async function nameOf(db: Db, userId: string | null) {
  if (!userId) return "a former colleague";
  const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return user?.name ?? "a former colleague";
}

export type ProposeOutcome =
  | { kind: "none" }
  | { kind: "pending"; revisionId: string; version: number; changes: FieldChange[] }
  | { kind: "withdrawn"; revisionId: string };

/**
 * Records a marketer's edit of the reviewed fields of an approved or published item. Call it inside the
 * transaction that holds the item row `for update` (saveItem does), so saves and approvals of one item queue.
 * No change against the approved version: nothing (or, for the author's own pending revision, it is withdrawn).
 * The author saving again updates their pending revision; anyone else is refused until it is decided, so a
 * revision always has exactly one author and "not the author" means a second pair of eyes.
 */
export async function proposeRevision(
  db: Db,
  input: { itemId: string; authorId: string; fields: RevisionFields },
  now = new Date(),
): Promise<ProposeOutcome> {
  const live = await liveFields(db, input.itemId);
  if (!live) throw new WorkflowError("This item no longer exists.");
  const changes = diffFields(live, input.fields);
  const pending = await pendingRow(db, input.itemId, true);
  if (pending && pending.authorId !== input.authorId) {
    // The editor shows the pending proposal; a colleague who left those fields alone may still save the others.
    if (!diffFields(revisionFields.parse(pending.proposed), input.fields).length) return { kind: "none" };
    const author = await nameOf(db, pending.authorId);
    throw new WorkflowError(
      `${author} has changes to this item waiting for review. Approve or reject them before making your own.`,
    );
  }
  if (!changes.length) {
    if (!pending) return { kind: "none" };
    await db
      .update(contentRevisions)
      .set({
        status: "withdrawn",
        decidedBy: input.authorId,
        decidedAt: now,
        updatedAt: now,
        reason: "Changed back to the approved version",
      })
      .where(eq(contentRevisions.id, pending.id));
    await audit(db, {
      actorId: input.authorId,
      action: "content.revision_withdraw",
      targetType: "content_item",
      targetId: input.itemId,
      detail: { revisionId: pending.id },
    });
    return { kind: "withdrawn", revisionId: pending.id };
  }
  const detail = { fields: changes.map((c) => c.field) };
  if (pending) {
    const version = pending.version + 1;
    await db
      .update(contentRevisions)
      .set({ proposed: input.fields, version, updatedAt: now })
      .where(eq(contentRevisions.id, pending.id));
    await audit(db, {
      actorId: input.authorId,
      action: "content.revision_update",
      targetType: "content_item",
      targetId: input.itemId,
      detail: { revisionId: pending.id, version, ...detail },
    });
    return { kind: "pending", revisionId: pending.id, version, changes };
  }
  const [row] = await db
    .insert(contentRevisions)
    .values({ itemId: input.itemId, authorId: input.authorId, proposed: input.fields, createdAt: now, updatedAt: now })
    .returning({ id: contentRevisions.id });
  if (!row) throw new Error("Inserting the revision returned no row");
  await audit(db, {
    actorId: input.authorId,
    action: "content.revision_propose",
    targetType: "content_item",
    targetId: input.itemId,
    detail: { revisionId: row.id, ...detail },
  });
  return { kind: "pending", revisionId: row.id, version: 1, changes };
}

async function lockForDecision(tx: Db, revisionId: string) {
  const [revision] = await tx.select().from(contentRevisions).where(eq(contentRevisions.id, revisionId));
  if (!revision) throw new WorkflowError("That revision no longer exists.");
  // Item first, then revision: the same order as a save, so a save and a decision never deadlock.
  const [item] = await tx
    .select({ status: contentItems.status, tags: contentItems.tags })
    .from(contentItems)
    .where(eq(contentItems.id, revision.itemId))
    .for("update");
  const [current] = await tx.select().from(contentRevisions).where(eq(contentRevisions.id, revisionId)).for("update");
  if (!item || !current) throw new WorkflowError("That revision no longer exists.");
  if (current.status !== "pending") throw new WorkflowError(`This revision was already ${current.status}.`);
  return { revision: current, item };
}

/**
 * A second marketer approves a pending revision: the proposed fields and messages replace the approved ones in
 * one transaction, and the old and new values go to the audit log. `version` is the one the reviewer saw: if the
 * author saved again since, the approval is refused rather than applying text nobody reviewed.
 */
export async function approveRevision(
  db: Db,
  input: { revisionId: string; actorId: string; version: number },
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const { revision, item } = await lockForDecision(tx, input.revisionId);
    if (revision.authorId === input.actorId)
      throw new WorkflowError("You cannot approve your own changes; ask another marketer.");
    if (revision.version !== input.version)
      throw new WorkflowError("These changes were edited since you opened them; review the new version.");
    await assertShownToReviewer(tx, {
      reviewerId: input.actorId,
      itemId: revision.itemId,
      key: revisionShownKey(revision.id, revision.version),
    });
    if (!isReviewedStatus(item.status))
      throw new WorkflowError(`A ${item.status.replace("_", " ")} item takes no revisions.`);
    const proposed = revisionFields.parse(revision.proposed);
    const before = await liveFields(tx, revision.itemId);
    if (!before) throw new WorkflowError("This item no longer exists.");
    const changes = diffFields(before, proposed);
    await tx
      .update(contentItems)
      .set({
        url: proposed.url,
        title: proposed.title,
        summary: proposed.summary,
        imageUrl: proposed.imageUrl,
        locked: proposed.locked,
        disclosure: proposed.disclosure,
        searchText: searchTextFor(item.tags, proposed.messages),
        approvedBy: input.actorId,
        updatedAt: now,
      })
      .where(eq(contentItems.id, revision.itemId));
    await tx.delete(contentMessages).where(eq(contentMessages.itemId, revision.itemId));
    const messages = NETWORKS.flatMap((network) =>
      proposed.messages[network].map((body, position) => ({ itemId: revision.itemId, network, body, position })),
    );
    if (messages.length) await tx.insert(contentMessages).values(messages);
    await tx
      .update(contentRevisions)
      .set({ status: "approved", decidedBy: input.actorId, decidedAt: now, updatedAt: now })
      .where(eq(contentRevisions.id, revision.id));
    await audit(tx, {
      actorId: input.actorId,
      action: "content.revision_approve",
      targetType: "content_item",
      targetId: revision.itemId,
      detail: {
        revisionId: revision.id,
        version: revision.version,
        authorId: revision.authorId,
        changes: changes.map(({ field, before, after }) => ({ field, before, after })),
      },
    });
    return { itemId: revision.itemId, changes };
  });
}

/** Another marketer rejects a pending revision (a reason is required); its author may withdraw it. Nothing reps see changes. */
export async function rejectRevision(
  db: Db,
  input: { revisionId: string; actorId: string; reason?: string },
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const { revision } = await lockForDecision(tx, input.revisionId);
    const ownWithdrawal = revision.authorId === input.actorId;
    const reason = input.reason?.trim() || null;
    if (!ownWithdrawal && !reason) throw new WorkflowError("Say why the changes are rejected.");
    const status = ownWithdrawal ? "withdrawn" : "rejected";
    await tx
      .update(contentRevisions)
      .set({ status, reason, decidedBy: input.actorId, decidedAt: now, updatedAt: now })
      .where(eq(contentRevisions.id, revision.id));
    await audit(tx, {
      actorId: input.actorId,
      action: `content.revision_${ownWithdrawal ? "withdraw" : "reject"}`,
      targetType: "content_item",
      targetId: revision.itemId,
      detail: { revisionId: revision.id, version: revision.version, ...(reason ? { reason } : {}) },
    });
    return status;
  });
}

/** An archived item takes no revisions: what was pending is withdrawn with it (called in the archive step). */
export async function withdrawPendingRevisions(
  db: Db,
  { itemId, actorId, now = new Date() }: { itemId: string; actorId: string | null; now?: Date },
) {
  await db
    .update(contentRevisions)
    .set({ status: "withdrawn", reason: "The item was archived", decidedBy: actorId, decidedAt: now, updatedAt: now })
    .where(and(eq(contentRevisions.itemId, itemId), eq(contentRevisions.status, "pending")));
}

export interface PendingRevision {
  id: string;
  itemId: string;
  authorId: string | null;
  authorName: string;
  version: number;
  updatedAt: Date;
  proposed: RevisionFields;
  changes: FieldChange[];
}

async function describePending(db: Db, list: Array<typeof contentRevisions.$inferSelect>): Promise<PendingRevision[]> {
  if (!list.length) return [];
  const itemIds = list.map((r) => r.itemId);
  const items = await db.select(liveColumns).from(contentItems).where(inArray(contentItems.id, itemIds));
  const messages = await messagesOf(db, itemIds);
  const authorIds = [...new Set(list.map((r) => r.authorId).filter((id): id is string => !!id))];
  const authors = authorIds.length
    ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, authorIds))
    : [];
  return list.flatMap((r) => {
    const item = items.find((i) => i.id === r.itemId);
    if (!item) return [];
    const { id: _id, ...live } = item;
    const proposed = revisionFields.parse(r.proposed);
    return [
      {
        id: r.id,
        itemId: r.itemId,
        authorId: r.authorId,
        authorName: authors.find((a) => a.id === r.authorId)?.name ?? "a former colleague",
        version: r.version,
        updatedAt: r.updatedAt,
        proposed,
        changes: diffFields({ ...live, messages: messages.get(r.itemId) ?? noMessages() }, proposed),
      },
    ];
  });
}

/** The item's pending revision with its changes against the approved version, or null. */
export async function pendingRevisionFor(db: Db, itemId: string): Promise<PendingRevision | null> {
  const row = await pendingRow(db, itemId);
  return row ? ((await describePending(db, [row]))[0] ?? null) : null;
}

/** The review queue's revisions: every pending one, oldest first, with the item's title and status. */
export async function listPendingRevisions(db: Db, limit = 100) {
  const list = await db
    .select()
    .from(contentRevisions)
    .where(eq(contentRevisions.status, "pending"))
    .orderBy(asc(contentRevisions.updatedAt))
    .limit(limit);
  const described = await describePending(db, list);
  const items = described.length
    ? await db
        .select({ id: contentItems.id, title: contentItems.title, status: contentItems.status })
        .from(contentItems)
        .where(
          inArray(
            contentItems.id,
            described.map((d) => d.itemId),
          ),
        )
    : [];
  return described.map((d) => ({
    ...d,
    itemTitle: items.find((i) => i.id === d.itemId)?.title ?? "",
    itemStatus: items.find((i) => i.id === d.itemId)?.status ?? "approved",
  }));
}

/** Decided revisions of an item, newest first (the editor's history). */
export async function revisionHistory(db: Db, itemId: string, limit = 10) {
  return db
    .select({
      id: contentRevisions.id,
      status: contentRevisions.status,
      reason: contentRevisions.reason,
      decidedAt: contentRevisions.decidedAt,
      authorName: users.name,
    })
    .from(contentRevisions)
    .leftJoin(users, eq(users.id, contentRevisions.authorId))
    .where(
      and(eq(contentRevisions.itemId, itemId), inArray(contentRevisions.status, ["approved", "rejected", "withdrawn"])),
    )
    .orderBy(desc(contentRevisions.decidedAt))
    .limit(limit);
}

/*
 * Shown before approved (decision 020). Opening an item's review page records which version the reviewer was
 * shown; an approval is refused unless that exact version was shown to that reviewer, so nobody approves
 * unread text (six items in one click, or a version the author changed after it was opened).
 */

/** The version of an item in review, as the hash of the fields a reviewer reads. */
export function itemShownKey(fields: RevisionFields): string {
  const { url, title, summary, imageUrl, locked, disclosure, messages } = fields;
  const canonical = JSON.stringify([
    url,
    title,
    summary,
    imageUrl,
    locked,
    disclosure,
    NETWORKS.map((n) => messages[n]),
  ]);
  return `item:${createHash("sha256").update(canonical).digest("hex")}`;
}

export const revisionShownKey = (revisionId: string, version: number) => `revision:${revisionId}:${version}`;

/** Records that a reviewer was shown this version (idempotent). */
export async function recordShown(
  db: Db,
  input: { reviewerId: string; itemId: string; key: string },
  now = new Date(),
): Promise<void> {
  await db
    .insert(contentReviewViews)
    .values({ reviewerId: input.reviewerId, itemId: input.itemId, shownKey: input.key, shownAt: now })
    .onConflictDoNothing();
}

/** Refuses (WorkflowError) unless the reviewer was shown exactly this version of the item. */
export async function assertShownToReviewer(
  db: Db,
  input: { reviewerId: string; itemId: string; key: string },
): Promise<void> {
  const seen = await db
    .select({ key: contentReviewViews.shownKey })
    .from(contentReviewViews)
    .where(and(eq(contentReviewViews.reviewerId, input.reviewerId), eq(contentReviewViews.itemId, input.itemId)));
  if (seen.some((s) => s.key === input.key)) return;
  throw new WorkflowError(
    seen.length
      ? "This item changed since you opened it; read the new version before approving it."
      : "Open the item and read it before approving it.",
  );
}

/** The item's reviewed fields as stored now (what its review page shows for an item in review). */
export async function currentItemShownKey(db: Db, itemId: string): Promise<string | null> {
  const fields = await liveFields(db, itemId);
  return fields ? itemShownKey(fields) : null;
}
