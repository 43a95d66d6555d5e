import { and, desc, eq, isNull } from "drizzle-orm";
import { notifications } from "../../db/schema";
import { NETWORK_NAMES, type Network } from "./networks";
import type { Db } from "../../db/client.server";

export interface NewNotification {
  userId: string;
  kind: string;
  title: string;
  body?: string;
  link?: string;
  /** The same (user, dedupeKey) is stored once, so a job that runs twice notifies once. */
  dedupeKey?: string;
}

export async function notify(db: Db, items: NewNotification | NewNotification[]): Promise<number> {
  const list = [items].flat();
  if (!list.length) return 0;
  const inserted = await db
    .insert(notifications)
    .values(list.map((n) => ({ ...n, body: n.body ?? "", dedupeKey: n.dedupeKey ?? null })))
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return inserted.length;
}

export function listNotifications(db: Db, userId: string, limit = 50) {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
}

export async function markAllRead(db: Db, userId: string, now = new Date()): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

/**
 * A share that failed, or whose outcome is unknown and waits for a person, tells its rep once per share,
 * outcome and attempt: the notification row is the event (later channels read it, never a second copy).
 * The link opens the share in the queue, where retry (with a duplicate warning when unknown) and cancel are.
 */
export async function notifyShareTrouble(
  db: Db,
  input: {
    shareId: string;
    userId: string;
    network: Network;
    outcome: "failed" | "needs_review";
    reason: string;
    attempt: number;
  },
): Promise<number> {
  const network = NETWORK_NAMES[input.network];
  const failed = input.outcome === "failed";
  return notify(db, {
    userId: input.userId,
    kind: `share.${input.outcome}`,
    title: failed ? `Your ${network} post did not go out` : `Did your ${network} post go out? Please check`,
    body: failed
      ? `${input.reason} Open it to send it again or cancel it.`
      : `${input.reason} Look at your ${network} profile: if the post is there, cancel it here; if not, send it again (this may post it twice if ${network} did receive it).`,
    link: `/queue?highlight=${input.shareId}#share-${input.shareId}`,
    dedupeKey: `share:${input.shareId}:${input.outcome}:${input.attempt}`,
  });
}
