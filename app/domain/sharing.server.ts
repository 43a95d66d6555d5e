import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "../../db/client.server";
import { contentItems, packItems, packs, shareEvents, shares } from "../../db/schema";
import { activeAccount, NETWORK_NAMES, type Network } from "./accounts.server";
import { getShareableItem, packOpenToTeam, pickMessageFor } from "./content.server";
import { destinationFor, newLinkCode, trackedLinkFor } from "./links.server";
import { NETWORKS, SHARE_PAGES } from "./networks";
import { hasAcceptedPolicy } from "./policy.server";
import { localSlotSchema, localToUtc, scheduleProblem } from "./scheduling.server";
import { forgetTallyWatermark } from "./sov/tally.server";
import { composePostText, countForNetwork, NETWORK_LIMITS } from "./text-length";
import type { SessionUser } from "./auth.server";
export { NETWORKS };

export const shareFormSchema = z
  .object({
    network: z.enum(NETWORKS, { errorMap: () => ({ message: "Pick a network" }) }),
    // "sheet": the phone's share sheet (navigator.share), recorded like a copy share (decision 017).
    mode: z.enum(["now", "schedule", "intent", "copy", "sheet"], {
      errorMap: () => ({ message: "Choose how to share" }),
    }),
    text: z.string().max(5000, "Keep the message under 5,000 characters").default(""),
    idempotencyKey: z.string().uuid("Reload the page and try again"),
    date: z.string().optional(),
    time: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.mode !== "schedule") return;
    const slot = localSlotSchema.safeParse({ date: v.date, time: v.time });
    if (!slot.success) for (const issue of slot.error.issues) ctx.addIssue(issue);
  });
export type ShareForm = z.infer<typeof shareFormSchema>;

type ShareRecorded = { ok: true; shareId: string; status: string; link: string; text: string };
/**
 * A recorded share, by how the form asked for it: "intent" carries the network's share page to open. A second
 * submit of a share-page form (same idempotency key) is "replayed": the first answer opened the page already.
 */
export type ShareOutcome =
  | (ShareRecorded & { mode: "intent"; intentUrl: string })
  | (ShareRecorded & { mode: Exclude<ShareForm["mode"], "intent"> | "replayed" })
  | { ok: false; field?: string; message: string; needsPolicy?: boolean };

/** Where a rep shares by hand: the network's own share page, with the whole post (see SHARE_PAGES). */
export function intentUrl(network: Network, text: string, link: string): string {
  return SHARE_PAGES[network].url(text, link);
}

/** How a share by hand was made, in its timeline ("Shared through …"); the network's share page otherwise. */
export const SHARED_THROUGH: Partial<Record<ShareForm["mode"], string>> = {
  copy: "copied text",
  sheet: "the phone's share sheet",
};

async function logEvent(db: Db, shareId: string, kind: string, detail?: string | null) {
  await db.insert(shareEvents).values({ shareId, kind, detail: detail ?? null });
}

/**
 * Records a share. API shares (now or scheduled) are queued for dispatch; intent and copy shares are
 * recorded as `opened` (unverified: we cannot see whether the rep posted) when the rep opens the
 * network's page or copies the text. Locked items keep
 * marketing's text whatever was submitted; the disclosure line and the tracked link are always added.
 */
export async function createShare(
  db: Db,
  {
    user,
    itemId,
    form,
    origin,
    now = new Date(),
  }: { user: SessionUser; itemId: string; form: ShareForm; origin: string; now?: Date },
): Promise<ShareOutcome> {
  const item = await getShareableItem(db, { itemId, user, now });
  if (!item) return { ok: false, message: "This item is no longer available to share." };
  if (!(await hasAcceptedPolicy(db, user.id)))
    return { ok: false, needsPolicy: true, message: "Accept the social media policy before your first share." };

  const [existing] = await db.select().from(shares).where(eq(shares.idempotencyKey, form.idempotencyKey));
  if (existing) {
    if (existing.userId !== user.id) return { ok: false, message: "Reload the page and try again." };
    const link = trackedLinkFor(origin, existing.linkCode);
    const recorded = { ok: true, shareId: existing.id, status: existing.status, link, text: existing.text } as const;
    return { ...recorded, mode: form.mode === "intent" ? "replayed" : form.mode };
  }

  const suggested = await pickMessageFor(db, { itemId, network: form.network, userId: user.id });
  const body = item.locked || !form.text.trim() ? suggested.body : form.text.trim();
  const edited = !item.locked && body !== suggested.body.trim();
  const linkCode = newLinkCode();
  const link = trackedLinkFor(origin, linkCode);
  const text = composePostText(body, { disclosure: item.disclosure, link });
  const count = countForNetwork(text, form.network);
  if (count > NETWORK_LIMITS[form.network]) {
    return {
      ok: false,
      field: "text",
      message: `${NETWORK_NAMES[form.network]} allows ${NETWORK_LIMITS[form.network]} characters; this post has ${count}. Shorten the message.`,
    };
  }

  let scheduledAt: Date | null = null;
  if (form.mode === "schedule") {
    // shareFormSchema checked the slot already; read it again so its type says so.
    const slot = localSlotSchema.safeParse({ date: form.date, time: form.time });
    if (!slot.success) return { ok: false, field: "date", message: slot.error.issues[0]?.message ?? "Pick a date" };
    scheduledAt = localToUtc(slot.data.date, slot.data.time, user.timeZone);
    const problem = scheduleProblem(scheduledAt, now);
    if (problem) return { ok: false, ...problem };
  }
  const viaApi = form.mode === "now" || form.mode === "schedule";
  const account = viaApi ? await activeAccount(db, user.id, form.network) : null;
  if (viaApi && !account) {
    return {
      ok: false,
      field: "network",
      message: `Connect ${NETWORK_NAMES[form.network]} to post or schedule from Chorus, or share through ${NETWORK_NAMES[form.network]}'s own page.`,
    };
  }

  const pack = await packOf(db, itemId, user.teamId, now);
  const [share] = await db
    .insert(shares)
    .values({
      userId: user.id,
      itemId,
      packId: pack?.id ?? null,
      socialAccountId: account?.id ?? null,
      network: form.network,
      method: viaApi ? "api" : form.mode === "intent" ? "intent" : "copy",
      text,
      edited,
      status: viaApi ? "scheduled" : "opened",
      scheduledAt,
      nextAttemptAt: viaApi ? (scheduledAt ?? now) : null,
      publishedAt: viaApi ? null : now,
      idempotencyKey: form.idempotencyKey,
      linkCode,
      // Fixed now, from the approved URL: a later revision or another process never moves this link (decision 011).
      destinationUrl: destinationFor(item.url, { network: form.network, code: linkCode, campaign: pack?.title }),
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: shares.idempotencyKey })
    .returning();
  if (!share) return createShare(db, { user, itemId, form, origin, now }); // a double submit raced us: answer with the first
  await logEvent(
    db,
    share.id,
    "created",
    scheduledAt
      ? `Scheduled for ${scheduledAt.toISOString()}`
      : viaApi
        ? "Posting now"
        : `Shared through ${SHARED_THROUGH[form.mode] ?? `${NETWORK_NAMES[form.network]}'s share page`}`,
  );
  const recorded: ShareRecorded = { ok: true, shareId: share.id, status: share.status, link, text };
  return form.mode === "intent"
    ? { ...recorded, mode: form.mode, intentUrl: intentUrl(form.network, text, link) }
    : { ...recorded, mode: form.mode };
}

/** The live pack an item was shared from, for the rep's team (campaign attribution and badges). */
async function packOf(
  db: Db,
  itemId: string,
  teamId: string | null,
  now: Date,
): Promise<{ id: string; title: string } | null> {
  const [row] = await rows<{ id: string; title: string }>(
    db,
    sql`
    select p.id, p.title from ${packItems} pi join ${packs} p on p.id = pi.pack_id
    where pi.item_id = ${itemId} and ${packOpenToTeam(teamId, now)}
    order by p.published_at desc nulls last limit 1`,
  );
  return row ?? null;
}

const EDITABLE = ["scheduled", "failed", "needs_review"] as const;

export const queueActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("cancel"), shareId: z.string().uuid() }),
  z.object({
    intent: z.literal("reschedule"),
    shareId: z.string().uuid(),
    date: localSlotSchema.shape.date,
    time: localSlotSchema.shape.time,
  }),
  z.object({
    intent: z.literal("edit"),
    shareId: z.string().uuid(),
    text: z.string().trim().min(1, "Write something to post").max(5000, "Keep the message under 5,000 characters"),
  }),
]);

export async function changeQueuedShare(
  db: Db,
  { user, action, now = new Date() }: { user: SessionUser; action: z.infer<typeof queueActionSchema>; now?: Date },
): Promise<{ ok: boolean; message: string; field?: string }> {
  const [share] = await db
    .select({
      id: shares.id,
      status: shares.status,
      network: shares.network,
      text: shares.text,
      locked: contentItems.locked,
      disclosure: contentItems.disclosure,
    })
    .from(shares)
    .innerJoin(contentItems, eq(contentItems.id, shares.itemId))
    .where(and(eq(shares.id, action.shareId), eq(shares.userId, user.id)));
  if (!share) return { ok: false, message: "That share no longer exists." };
  if (!(EDITABLE as readonly string[]).includes(share.status))
    return { ok: false, message: "Only posts that are not yet published can be changed." };

  if (action.intent === "cancel") {
    await db
      .update(shares)
      .set({ status: "cancelled", nextAttemptAt: null, updatedAt: now })
      .where(and(eq(shares.id, share.id), inArray(shares.status, [...EDITABLE])));
    await logEvent(db, share.id, "cancelled", "Cancelled by you");
    return { ok: true, message: "Post cancelled." };
  }
  if (action.intent === "reschedule") {
    const at = localToUtc(action.date, action.time, user.timeZone);
    const problem = scheduleProblem(at, now);
    if (problem) return { ok: false, ...problem };
    await db
      .update(shares)
      .set({ status: "scheduled", scheduledAt: at, nextAttemptAt: at, attempts: 0, lastError: null, updatedAt: now })
      .where(and(eq(shares.id, share.id), inArray(shares.status, [...EDITABLE])));
    await logEvent(db, share.id, "rescheduled", `Scheduled for ${at.toISOString()}`);
    return { ok: true, message: "Post rescheduled." };
  }
  if (share.locked)
    return { ok: false, field: "text", message: "This item's text is set by marketing and cannot be edited." };
  // The tracked link stays the last line, and the item's disclosure line stays with the words.
  const link = share.text.split("\n").pop() ?? "";
  const text = composePostText(action.text, { disclosure: share.disclosure, link });
  const count = countForNetwork(text, share.network);
  if (count > NETWORK_LIMITS[share.network])
    return {
      ok: false,
      field: "text",
      message: `${NETWORK_NAMES[share.network]} allows ${NETWORK_LIMITS[share.network]} characters; this post has ${count}.`,
    };
  await db
    .update(shares)
    .set({ text, edited: true, updatedAt: now })
    .where(and(eq(shares.id, share.id), inArray(shares.status, [...EDITABLE])));
  await logEvent(db, share.id, "edited", "Text changed");
  return { ok: true, message: "Post updated." };
}

export { logEvent as recordShareEvent };

/** Pending shares of items that were archived or expired are cancelled (maintain job). */
export async function cancelSharesOfRetiredItems(db: Db, now: Date): Promise<number> {
  const cancelled = await rows<{ id: string }>(
    db,
    sql`update ${shares} s set status = 'cancelled', next_attempt_at = null, updated_at = ${now},
          last_error = 'The item was withdrawn by marketing'
        from ${contentItems} ci
        where ci.id = s.item_id and s.status = 'scheduled'
          and (ci.status = 'archived' or (ci.expires_at is not null and ci.expires_at <= ${now}))
        returning s.id`,
  );
  if (cancelled.length) {
    await db
      .insert(shareEvents)
      .values(
        cancelled.map((c) => ({ shareId: c.id, kind: "cancelled", detail: "The item was withdrawn or expired" })),
      );
  }
  return cancelled.length;
}

/**
 * Share-page and copy shares recorded before the `opened` status existed read `published`: they become
 * `opened` here (maintain job), through a partial index that holds only them, so the hourly check is a
 * probe of an empty index once they are moved. Points already in the ledger stay; a recompute (award
 * reset) counts them the new way. Share of voice is recounted in full by the next tally.
 */
export async function markLegacyUnverifiedShares(db: Db, now: Date): Promise<number> {
  const moved = await rows<{ id: string }>(
    db,
    sql`update ${shares} set status = 'opened', updated_at = ${now}
        where status = 'published' and method <> 'api' returning id`,
  );
  if (moved.length) await forgetTallyWatermark(db);
  if (moved.length)
    await db.insert(shareEvents).values(
      moved.map((m) => ({
        shareId: m.id,
        kind: "unverified",
        detail: "Shared by hand: Chorus cannot see whether it was posted",
      })),
    );
  return moved.length;
}
