import { and, desc, eq, gt, isNull, lte, or } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { contentItems } from "../../db/schema";
import type { SessionUser } from "./auth.server";

/** Published, live items, newest first. */
export async function libraryForUser(db: Db, _user: SessionUser, now = new Date(), limit = 24) {
  return db
    .select({ id: contentItems.id, type: contentItems.type, title: contentItems.title, summary: contentItems.summary, imageUrl: contentItems.imageUrl, url: contentItems.url })
    .from(contentItems)
    .where(
      and(
        eq(contentItems.status, "published"),
        or(isNull(contentItems.publishAt), lte(contentItems.publishAt, now)),
        or(isNull(contentItems.expiresAt), gt(contentItems.expiresAt, now)),
      ),
    )
    .orderBy(desc(contentItems.publishAt), desc(contentItems.createdAt))
    .limit(limit);
}
