import { TZDate } from "@date-fns/tz";
import { addDays, format } from "date-fns";
import { and, asc, desc, eq, inArray, notInArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "../../db/client.server";
import { contentItems, shareEvents, shares } from "../../db/schema";
import { NETWORK_NAMES, NETWORKS } from "./networks";
import { localSlotSchema, localToUtc, scheduleProblem, utcToLocal } from "./scheduling.server";
import type { SessionUser } from "./auth.server";

/**
 * My queue (decision 019): what is still to come or needs me first, then the history a page at a time,
 * filtered by status and network. Cancelling is immediate and can be undone for UNDO_MINUTES.
 */

export const QUEUE_PAGE_SIZE = 20;
export const UNDO_MINUTES = 30;
/** Still to come or waiting for the rep: shown above the history, never paged. */
export const UPCOMING_STATUSES = ["scheduled", "publishing", "failed", "needs_review"] as const;
/** What the history's status filter offers. */
export const HISTORY_STATUSES = ["published", "opened", "cancelled"] as const;
const UPCOMING_LIMIT = 200;
const CANCELLABLE = ["scheduled", "failed", "needs_review"] as const;
/** The cancel event a rep may undo; a post that may already be on the network is cancelled with another text. */
const UNDOABLE_CANCEL = "Cancelled by you";

export const queueQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1000).catch(1).default(1),
  status: z.enum(HISTORY_STATUSES).optional().catch(undefined),
  network: z.enum(NETWORKS).optional().catch(undefined),
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;

export const cancelShareSchema = z.object({ intent: z.literal("cancel"), shareId: z.string().uuid() });
export const undoCancelSchema = z.object({
  intent: z.literal("undo"),
  shareId: z.string().uuid(),
  date: localSlotSchema.shape.date.optional(),
  time: localSlotSchema.shape.time.optional(),
});

type Result = { ok: boolean; message: string; field?: string };

const entryColumns = {
  id: shares.id,
  network: shares.network,
  method: shares.method,
  status: shares.status,
  text: shares.text,
  scheduledAt: shares.scheduledAt,
  publishedAt: shares.publishedAt,
  externalUrl: shares.externalUrl,
  lastError: shares.lastError,
  attempts: shares.attempts,
  createdAt: shares.createdAt,
  itemTitle: contentItems.title,
  locked: contentItems.locked,
};
const when = sql`coalesce(${shares.publishedAt}, ${shares.scheduledAt}, ${shares.createdAt})`;

/** Cancelled by the rep within the undo window, with no event since: these can still be restored. */
async function undoableIds(db: Db, userId: string, now: Date, shareId?: string): Promise<string[]> {
  const since = new Date(now.getTime() - UNDO_MINUTES * 60_000);
  const found = await rows<{ id: string }>(
    db,
    sql`select s.id from ${shares} s
        join ${shareEvents} e on e.share_id = s.id
        where s.user_id = ${userId} and s.status = 'cancelled'
          ${shareId ? sql`and s.id = ${shareId}` : sql``}
          and e.kind = 'cancelled' and e.detail = ${UNDOABLE_CANCEL} and e.created_at > ${since}
          and not exists (select 1 from ${shareEvents} later where later.share_id = s.id and later.id > e.id)`,
  );
  return found.map((r) => r.id);
}

type EntryRow = Awaited<ReturnType<typeof selectEntries>>[number];

function selectEntries(db: Db, where: SQL | undefined, limit: number, offset = 0, upcomingFirst = false) {
  return db
    .select(entryColumns)
    .from(shares)
    .innerJoin(contentItems, eq(contentItems.id, shares.itemId))
    .where(where)
    .orderBy(...(upcomingFirst ? [asc(when), asc(shares.id)] : [desc(when), desc(shares.id)]))
    .limit(limit)
    .offset(offset);
}

/** Each entry with its timeline, local times, a name no other entry on the page has, and whether Undo applies. */
async function withDetails(db: Db, list: EntryRow[], timeZone: string, undoable: Set<string>) {
  const events = list.length
    ? await db
        .select()
        .from(shareEvents)
        .where(
          inArray(
            shareEvents.shareId,
            list.map((s) => s.id),
          ),
        )
        .orderBy(asc(shareEvents.createdAt), asc(shareEvents.id))
    : [];
  const local = (d: Date | null) => (d ? utcToLocal(d, timeZone) : null);
  return list.map((s) => {
    const at = utcToLocal(s.publishedAt ?? s.scheduledAt ?? s.createdAt, timeZone);
    return {
      ...s,
      name: `${s.itemTitle} — ${NETWORK_NAMES[s.network]} — ${at.label}`,
      scheduledLocal: local(s.scheduledAt),
      publishedLocal: local(s.publishedAt),
      undoable: undoable.has(s.id),
      events: events
        .filter((e) => e.shareId === s.id)
        .map((e) => ({ kind: e.kind, detail: e.detail, local: utcToLocal(e.createdAt, timeZone).label })),
    };
  });
}

export type QueueEntry = Awaited<ReturnType<typeof withDetails>>[number];

/**
 * The queue page: upcoming (scheduled, sending, needing attention, and cancels that can still be undone),
 * soonest first; then one page of the history, newest first, filtered by status and network.
 */
export async function listQueuePage(
  db: Db,
  { user, query, now = new Date() }: { user: Pick<SessionUser, "id" | "timeZone">; query: QueueQuery; now?: Date },
) {
  const recent = await undoableIds(db, user.id, now);
  const mine = eq(shares.userId, user.id);
  const upcomingWhere = recent.length
    ? and(mine, sql`(${inArray(shares.status, [...UPCOMING_STATUSES])} or ${inArray(shares.id, recent)})`)
    : and(mine, inArray(shares.status, [...UPCOMING_STATUSES]));
  const historyWhere = and(
    mine,
    notInArray(shares.status, [...UPCOMING_STATUSES]),
    recent.length ? notInArray(shares.id, recent) : undefined,
    query.status ? eq(shares.status, query.status) : undefined,
    query.network ? eq(shares.network, query.network) : undefined,
  );
  const [upcoming, history] = await Promise.all([
    selectEntries(db, upcomingWhere, UPCOMING_LIMIT, 0, true),
    selectEntries(db, historyWhere, QUEUE_PAGE_SIZE + 1, (query.page - 1) * QUEUE_PAGE_SIZE),
  ]);
  const undoable = new Set(recent);
  return {
    upcoming: await withDetails(db, upcoming, user.timeZone, undoable),
    history: await withDetails(db, history.slice(0, QUEUE_PAGE_SIZE), user.timeZone, undoable),
    page: query.page,
    hasMore: history.length > QUEUE_PAGE_SIZE,
  };
}

/**
 * Cancels a post that has not gone out. A post being sent or already published is refused, also when dispatch
 * claims it between the read and the write (the update only applies to the status that was read).
 */
export async function cancelShare(
  db: Db,
  { user, shareId, now = new Date() }: { user: Pick<SessionUser, "id">; shareId: string; now?: Date },
): Promise<Result> {
  const [share] = await db
    .select({ status: shares.status, network: shares.network })
    .from(shares)
    .where(and(eq(shares.id, shareId), eq(shares.userId, user.id)));
  if (!share) return { ok: false, message: "That share no longer exists." };
  const refused = cancelRefusal(share.status);
  if (refused) return { ok: false, message: refused };
  const changed = await db
    .update(shares)
    .set({ status: "cancelled", nextAttemptAt: null, updatedAt: now })
    .where(and(eq(shares.id, shareId), eq(shares.status, share.status)))
    .returning({ id: shares.id });
  if (!changed.length)
    return { ok: false, message: "This post is being sent right now and can no longer be cancelled." };
  // A post that may already be on the network is not offered back: sending it again could post it twice.
  const detail =
    share.status === "needs_review"
      ? `Cancelled by you; it may already be on ${NETWORK_NAMES[share.network]}`
      : UNDOABLE_CANCEL;
  await db.insert(shareEvents).values({ shareId, kind: "cancelled", detail, createdAt: now });
  return {
    ok: true,
    message:
      share.status === "needs_review"
        ? "Post cancelled."
        : `Post cancelled. You can undo this for ${UNDO_MINUTES} minutes.`,
  };
}

function cancelRefusal(status: string): string | null {
  if ((CANCELLABLE as readonly string[]).includes(status)) return null;
  if (status === "publishing") return "This post is being sent right now and can no longer be cancelled.";
  if (status === "cancelled") return "This post is already cancelled.";
  return "This post has already gone out; delete it on the network if you want it gone.";
}

/**
 * Undoes a cancel within UNDO_MINUTES: the post is scheduled again for its time, or for the new date and time
 * given when its time has passed (then the answer asks for one, on the time field).
 */
export async function undoCancel(
  db: Db,
  {
    user,
    input,
    now = new Date(),
  }: { user: Pick<SessionUser, "id" | "timeZone">; input: z.infer<typeof undoCancelSchema>; now?: Date },
): Promise<Result> {
  const [share] = await db
    .select({
      scheduledAt: shares.scheduledAt,
      itemStatus: contentItems.status,
      expiresAt: contentItems.expiresAt,
    })
    .from(shares)
    .innerJoin(contentItems, eq(contentItems.id, shares.itemId))
    .where(and(eq(shares.id, input.shareId), eq(shares.userId, user.id)));
  if (!share) return { ok: false, message: "That share no longer exists." };
  if (!(await undoableIds(db, user.id, now, input.shareId)).length)
    return { ok: false, message: "This cancel can no longer be undone. Share the item again from the library." };
  const given = input.date && input.time ? localToUtc(input.date, input.time, user.timeZone) : null;
  const at = given ?? share.scheduledAt;
  if (!at) return { ok: false, field: "time", message: "Pick a date and time to schedule it again." };
  const problem = scheduleProblem(at, now);
  if (problem && !given) {
    const was = utcToLocal(at, user.timeZone).label;
    return { ok: false, field: "time", message: `It was due ${was}, which has passed. Pick a new time to restore it.` };
  }
  if (problem) return { ok: false, ...problem };
  if (share.itemStatus === "archived" || (share.expiresAt && share.expiresAt <= at))
    return { ok: false, message: "Marketing has withdrawn this item, so it cannot be scheduled again." };
  const changed = await db
    .update(shares)
    .set({ status: "scheduled", scheduledAt: at, nextAttemptAt: at, attempts: 0, lastError: null, updatedAt: now })
    .where(and(eq(shares.id, input.shareId), eq(shares.status, "cancelled")))
    .returning({ id: shares.id });
  if (!changed.length) return { ok: false, message: "This post is no longer cancelled." };
  const label = utcToLocal(at, user.timeZone).label;
  await db
    .insert(shareEvents)
    .values({ shareId: input.shareId, kind: "restored", detail: `Scheduled again for ${label}`, createdAt: now });
  return { ok: true, message: `Post restored: scheduled for ${label}.` };
}

/** The week calendar's days: seven from today in the rep's zone, as `YYYY-MM-DD` and a name like "Mon 7 Dec". */
export function weekDays(now: Date, timeZone: string): Array<{ date: string; label: string }> {
  const today = new TZDate(now.getTime(), timeZone);
  return Array.from({ length: 7 }, (_, i) => {
    const day = addDays(today, i);
    return { date: format(day, "yyyy-MM-dd"), label: format(day, "EEE d MMM") };
  });
}
