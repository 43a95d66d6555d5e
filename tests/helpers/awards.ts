import { and, eq } from "drizzle-orm";
import { beforeEach } from "vitest";
import { resetAwards } from "~/domain/gamification/award-run.server";
import { newLinkCode } from "~/domain/links.server";
import { badges, challenges, linkClicks, notifications, packs, shares, slackOutbox, userBadges } from "../../db/schema";
import { createItem } from "./fixtures";
import { useTestDb } from "./test-db";

/** The award job's "now" in the gamification tests (a Friday). */
export const NOW = new Date("2026-06-12T12:00:00Z");

/**
 * One database for a gamification test file. Each case starts from no shares and nothing derived, as
 * after a fresh install; the helpers publish shares, add clicks and ask whether someone holds a badge.
 */
export function useAwardsTestDb() {
  const t = useTestDb();
  beforeEach(async () => {
    await resetAwards(t.db);
    for (const table of [linkClicks, shares, challenges, notifications, slackOutbox, packs]) await t.db.delete(table);
  });

  async function publish(userId: string, at: string, over: Partial<typeof shares.$inferInsert> = {}) {
    const itemId = over.itemId ?? (await createItem(t.db)).id;
    const [share] = await t.db
      .insert(shares)
      .values({
        userId,
        itemId,
        network: "linkedin",
        method: "api",
        text: "x",
        status: "published",
        publishedAt: new Date(at),
        idempotencyKey: crypto.randomUUID(),
        linkCode: newLinkCode(),
        ...over,
      })
      .returning();
    return share!;
  }
  async function publishMany(userId: string, n: number, over: Partial<typeof shares.$inferInsert> = {}) {
    const item = await createItem(t.db);
    await t.db.insert(shares).values(
      Array.from({ length: n }, (_, i) => ({
        userId,
        itemId: item.id,
        network: "linkedin" as const,
        method: "api" as const,
        text: "x",
        status: "published" as const,
        publishedAt: new Date(Date.UTC(2026, 5, 1, 8, i)),
        idempotencyKey: crypto.randomUUID(),
        linkCode: newLinkCode(),
        ...over,
      })),
    );
  }
  async function clicks(shareId: string, n: number, at = "2026-06-02T10:00:00Z") {
    await t.db.insert(linkClicks).values(
      Array.from({ length: n }, (_, i) => ({
        shareId,
        visitorHash: `${shareId}-v${i}`,
        clickedAt: new Date(at),
        isBot: false,
      })),
    );
  }
  const has = async (userId: string, slug: string) =>
    (
      await t.db
        .select()
        .from(userBadges)
        .innerJoin(badges, eq(badges.id, userBadges.badgeId))
        .where(and(eq(userBadges.userId, userId), eq(badges.slug, slug)))
    ).length === 1;

  return { t, publish, publishMany, clicks, has };
}
