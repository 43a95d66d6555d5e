import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { notifications } from "../../db/schema";

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
  return db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt)).limit(limit);
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function markAllRead(db: Db, userId: string, now = new Date()): Promise<void> {
  await db.update(notifications).set({ readAt: now }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}
