import { and, asc, desc, eq, isNotNull, lte, ne } from "drizzle-orm";
import { z } from "zod";
import { contentItems, contentMessages } from "../../db/schema";
import { audit } from "./audit.server";
import { type ContentStatus } from "./content-statuses";
import { CONTENT_TYPES } from "./content-types";
import { NETWORKS, type Network } from "./networks";
import {
  assertShownToReviewer,
  currentItemShownKey,
  isReviewedStatus,
  itemShownKey,
  liveFields,
  pendingRevisionFor,
  proposeRevision,
  recordShown,
  revisionShownKey,
  searchTextFor,
  withdrawPendingRevisions,
  type ProposeOutcome,
  type RevisionFields,
} from "./revisions.server";
import { utcDateTime } from "./validation";
import { WorkflowError } from "./workflow-error";
import { optionalDateIn } from "./zoned-time.server";
import type { Db } from "../../db/client.server";

export { WorkflowError };

/** A `datetime-local` field read as UTC; a day that does not exist (02-30) or a year like 0000 is a field error. */
export const optionalDate = z.preprocess(
  (v) => (v === "" || v == null ? null : v instanceof Date ? v.toISOString() : v),
  utcDateTime().nullable(),
);

const lines = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .split(/\n-{3,}\n|\r\n-{3,}\r\n/)
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z.array(z.string().max(3000, "Keep each message under 3,000 characters")).max(10, "At most 10 alternatives"),
);

/** The item editor's fields, times read in the marketer's zone. Messages per network: alternatives separated by "---". */
export const itemInputIn = (timeZone: string) =>
  z
    .object({
      type: z.enum(CONTENT_TYPES, { errorMap: () => ({ message: "Choose a type" }) }),
      title: z.string().trim().min(1, "Give the item a title").max(300, "Keep the title under 300 characters"),
      summary: z.string().trim().max(2000, "Keep the summary under 2,000 characters").default(""),
      url: z
        .string()
        .trim()
        .url("Enter a full URL starting with https://")
        .refine((u) => /^https?:\/\//i.test(u), "Use an http(s) URL"),
      imageUrl: z.preprocess(
        (v) => (v === "" ? null : v),
        // A site path such as /covers/article.svg too: the demo items' covers, which saving must not refuse.
        z
          .string()
          .trim()
          .refine(
            (u) => (/^https?:\/\//i.test(u) && z.string().url().safeParse(u).success) || /^\/(?!\/)[\w./-]+$/.test(u),
            "Enter a full image URL starting with https://, or a site path such as /covers/article.svg",
          )
          .nullable()
          .default(null),
      ),
      tags: z.preprocess(
        (v) =>
          typeof v === "string"
            ? v
                .split(",")
                .map((s) => s.trim().toLowerCase())
                .filter(Boolean)
            : v,
        z.array(z.string().max(40, "Keep each tag under 40 characters")).max(20, "At most 20 tags"),
      ),
      language: z
        .string()
        .trim()
        .regex(/^[a-z]{2}(-[A-Z]{2})?$/, "Use a language code such as en or de")
        .default("en"),
      locked: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
      disclosure: z.preprocess(
        (v) => (typeof v === "string" && v.trim() === "" ? null : v),
        z.string().trim().max(60, "Keep the disclosure under 60 characters").nullable().default(null),
      ),
      publishAt: optionalDateIn(timeZone).default(null),
      expiresAt: optionalDateIn(timeZone).default(null),
      messages_linkedin: lines.default([]),
      messages_x: lines.default([]),
      messages_facebook: lines.default([]),
    })
    .refine((v) => !v.publishAt || !v.expiresAt || v.expiresAt > v.publishAt, {
      message: "Expiry must come after the publish time",
      path: ["expiresAt"],
    });
/** The item fields with times in UTC (jobs, seeds, tests); the editor uses itemInputIn(user.timeZone). */
export const itemInput = itemInputIn("UTC");
export type ItemInput = z.infer<typeof itemInput>;

const messagesOf = (input: ItemInput) => ({
  linkedin: input.messages_linkedin,
  x: input.messages_x,
  facebook: input.messages_facebook,
});

/** The fields of the editor that reps see or post, which change on an approved item only through review. */
export function reviewedFieldsOf(input: ItemInput): RevisionFields {
  const { url, title, summary, imageUrl, locked, disclosure } = input;
  return { url, title, summary, imageUrl, locked, disclosure, messages: messagesOf(input) };
}

export interface SaveOutcome {
  id: string;
  /** Set when the save touched an approved or published item's reviewed fields (decision 011). */
  revision: ProposeOutcome | null;
}

/** Creates (no id) or edits an item; see saveItemChanges. Returns the item's id. */
export async function saveItem(
  db: Db,
  { actorId, input, itemId }: { actorId: string; input: ItemInput; itemId?: string },
): Promise<string> {
  return (await saveItemChanges(db, { actorId, input, itemId })).id;
}

/**
 * Creates (no id) or edits an item with its messages per network. Drafts and items in review change at once.
 * On an approved or published item, the reviewed fields (URL, title, summary, image, texts, locked, disclosure)
 * become a pending revision that a second marketer approves, so reps keep the approved version meanwhile; the
 * rest (type, tags, language, publish and expiry times) changes at once. Archived items do not change.
 */
export async function saveItemChanges(
  db: Db,
  { actorId, input, itemId }: { actorId: string; input: ItemInput; itemId?: string },
): Promise<SaveOutcome> {
  if (itemId) {
    return db.transaction(async (tx) => {
      // Locked for the whole save: a second marketer's approval of this item waits until it is done.
      const [current] = await tx
        .select({ status: contentItems.status, tags: contentItems.tags })
        .from(contentItems)
        .where(eq(contentItems.id, itemId))
        .for("update");
      if (!current || current.status === "archived")
        throw new WorkflowError("This item no longer exists or is archived.");
      if (!isReviewedStatus(current.status)) return { id: await writeItem(tx, actorId, input, itemId), revision: null };
      const revision = await proposeRevision(tx, { itemId, authorId: actorId, fields: reviewedFieldsOf(input) });
      const live = await liveFields(tx, itemId);
      if (!live) throw new WorkflowError("This item no longer exists or is archived.");
      await tx
        .update(contentItems)
        .set({
          type: input.type,
          tags: input.tags,
          language: input.language,
          publishAt: input.publishAt,
          expiresAt: input.expiresAt,
          searchText: searchTextFor(input.tags, live.messages),
          updatedAt: new Date(),
        })
        .where(eq(contentItems.id, itemId));
      await audit(tx, {
        actorId,
        action: "content.update",
        targetType: "content_item",
        targetId: itemId,
        detail: { reviewedFields: revision.kind },
      });
      return { id: itemId, revision };
    });
  }
  return { id: await writeItem(db, actorId, input), revision: null };
}

/** Writes every field at once: a new item, or a draft / in-review one. */
async function writeItem(db: Db, actorId: string, input: ItemInput, itemId?: string): Promise<string> {
  return db.transaction(async (tx) => {
    const values = {
      type: input.type,
      title: input.title,
      summary: input.summary,
      url: input.url,
      imageUrl: input.imageUrl,
      tags: input.tags,
      language: input.language,
      locked: input.locked,
      disclosure: input.disclosure,
      publishAt: input.publishAt,
      expiresAt: input.expiresAt,
      searchText: searchTextFor(input.tags, messagesOf(input)),
      updatedAt: new Date(),
    };
    let id = itemId;
    if (id) {
      const [row] = await tx
        .update(contentItems)
        .set(values)
        .where(and(eq(contentItems.id, id), ne(contentItems.status, "archived")))
        .returning({ id: contentItems.id });
      if (!row) throw new WorkflowError("This item no longer exists or is archived.");
      await tx.delete(contentMessages).where(eq(contentMessages.itemId, id));
    } else {
      const [row] = await tx
        .insert(contentItems)
        .values({ ...values, createdBy: actorId })
        .returning({ id: contentItems.id });
      if (!row) throw new Error("Inserting the item returned no row");
      id = row.id;
    }
    const messages = NETWORKS.flatMap((network) =>
      input[`messages_${network}`].map((body, position) => ({ itemId: id, network, body, position })),
    );
    if (messages.length) await tx.insert(contentMessages).values(messages);
    await audit(tx, {
      actorId,
      action: itemId ? "content.update" : "content.create",
      targetType: "content_item",
      targetId: id,
    });
    return id;
  });
}

const TRANSITIONS: Record<string, { from: ContentStatus[]; to: ContentStatus }> = {
  submit: { from: ["draft"], to: "in_review" },
  reject: { from: ["in_review"], to: "draft" },
  approve: { from: ["in_review"], to: "approved" },
  publish: { from: ["approved"], to: "published" },
  archive: { from: ["draft", "in_review", "approved", "published"], to: "archived" },
};
export type ItemTransition = keyof typeof TRANSITIONS;

/**
 * Moves an item through draft -> in_review -> approved -> published -> archived (or back to draft
 * with a reason). Nobody approves their own item. Every transition is audited.
 */
export async function transitionItem(
  db: Db,
  input: { itemId: string; actorId: string; action: ItemTransition; reason?: string },
  now = new Date(),
) {
  const rule = TRANSITIONS[input.action];
  if (!rule) throw new WorkflowError("Unknown action.");
  return db.transaction(async (tx) => transitionLocked(tx, input, rule, now));
}

async function transitionLocked(
  db: Db,
  input: { itemId: string; actorId: string; action: ItemTransition; reason?: string },
  rule: { from: ContentStatus[]; to: ContentStatus },
  now: Date,
) {
  // Locked: an author's save of the item waits, so an approval applies exactly the version checked below.
  const [item] = await db
    .select({ status: contentItems.status, createdBy: contentItems.createdBy })
    .from(contentItems)
    .where(eq(contentItems.id, input.itemId))
    .for("update");
  if (!item) throw new WorkflowError("Item not found.");
  if (!rule.from.includes(item.status))
    throw new WorkflowError(`A ${item.status.replace("_", " ")} item cannot be sent to ${rule.to.replace("_", " ")}.`);
  if (input.action === "approve" && item.createdBy === input.actorId)
    throw new WorkflowError("You cannot approve your own item; ask another marketer.");
  if (input.action === "reject" && !input.reason?.trim())
    throw new WorkflowError("Say why the item goes back to draft.");
  if (input.action === "approve")
    await assertShownToReviewer(db, {
      reviewerId: input.actorId,
      itemId: input.itemId,
      key: (await currentItemShownKey(db, input.itemId)) ?? "",
    });
  const [updated] = await db
    .update(contentItems)
    .set({
      status: rule.to,
      updatedAt: now,
      ...(input.action === "approve" ? { approvedBy: input.actorId } : {}),
      ...(input.action === "reject" ? { approvedBy: null } : {}),
    })
    .where(and(eq(contentItems.id, input.itemId), eq(contentItems.status, item.status)))
    .returning({ id: contentItems.id });
  if (!updated) throw new WorkflowError("Someone else changed this item; reload and try again.");
  if (input.action === "archive")
    await withdrawPendingRevisions(db, { itemId: input.itemId, actorId: input.actorId, now });
  await audit(db, {
    actorId: input.actorId,
    action: `content.${input.action}`,
    targetType: "content_item",
    targetId: input.itemId,
    detail: { from: item.status, to: rule.to, ...(input.reason ? { reason: input.reason.trim() } : {}) },
  });
  return rule.to;
}

/** Maintain step: published items whose expiry passed are archived. Returns how many. */
export async function archiveExpiredItems(db: Db, now: Date): Promise<number> {
  const rows = await db
    .update(contentItems)
    .set({ status: "archived", updatedAt: now })
    .where(
      and(eq(contentItems.status, "published"), isNotNull(contentItems.expiresAt), lte(contentItems.expiresAt, now)),
    )
    .returning({ id: contentItems.id });
  for (const row of rows)
    await audit(db, { actorId: null, action: "content.expire", targetType: "content_item", targetId: row.id });
  return rows.length;
}

export async function listStudioItems(db: Db, status?: ContentStatus) {
  return db
    .select({
      id: contentItems.id,
      title: contentItems.title,
      type: contentItems.type,
      status: contentItems.status,
      updatedAt: contentItems.updatedAt,
      createdBy: contentItems.createdBy,
    })
    .from(contentItems)
    .where(status ? eq(contentItems.status, status) : undefined)
    .orderBy(desc(contentItems.updatedAt))
    .limit(200);
}

export async function getStudioItem(db: Db, id: string) {
  const [item] = await db.select().from(contentItems).where(eq(contentItems.id, id));
  if (!item) return null;
  const messages = await db
    .select({ network: contentMessages.network, body: contentMessages.body })
    .from(contentMessages)
    .where(eq(contentMessages.itemId, id))
    .orderBy(asc(contentMessages.position));
  const byNetwork = Object.fromEntries(
    NETWORKS.map((n) => [n, messages.filter((m) => m.network === n).map((m) => m.body)]),
  ) as Record<Network, string[]>;
  const { search: _search, ...rest } = item;
  return { ...rest, messages: byNetwork };
}

/** The reviewed fields of an item as getStudioItem loads it. */
function reviewedFieldsOfItem(item: NonNullable<Awaited<ReturnType<typeof getStudioItem>>>): RevisionFields {
  const { url, title, summary, imageUrl, locked, disclosure, messages } = item;
  return { url, title, summary, imageUrl, locked, disclosure, messages };
}

/**
 * The item page's read (decision 020): the item and its pending revision, recording for a reviewer (anyone but
 * the author) which version of each they were shown, so they can approve that version and no other.
 */
export async function openItemForReview(db: Db, { itemId, viewerId }: { itemId: string; viewerId: string }) {
  const item = await getStudioItem(db, itemId);
  if (!item) return null;
  const revision = await pendingRevisionFor(db, itemId);
  if (item.status === "in_review" && item.createdBy !== viewerId)
    await recordShown(db, { reviewerId: viewerId, itemId, key: itemShownKey(reviewedFieldsOfItem(item)) });
  if (revision && revision.authorId !== viewerId)
    await recordShown(db, { reviewerId: viewerId, itemId, key: revisionShownKey(revision.id, revision.version) });
  return { item, revision };
}
