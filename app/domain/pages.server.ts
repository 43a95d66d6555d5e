import { eq } from "drizzle-orm";
import { z } from "zod";
import { pages } from "../../db/schema";
import { audit } from "./audit.server";
import { HELP_PAGES, type HelpPageSlug } from "./help-pages";
import type { Db } from "../../db/client.server";

export const pageInput = z.object({
  title: z.string().trim().min(1, "Give the page a title").max(120, "Keep the title under 120 characters"),
  bodyMd: z.string().max(50_000, "Keep the page under 50,000 characters"),
});

export async function getPage(db: Db, slug: HelpPageSlug) {
  const [page] = await db.select().from(pages).where(eq(pages.slug, slug));
  return page ?? { slug, title: HELP_PAGES[slug], bodyMd: "", updatedBy: null, updatedAt: null };
}

/** Saves a help page's markdown (stored as written; rendered by the safe Markdown component). */
export async function savePage(
  db: Db,
  {
    actorId,
    slug,
    input,
    now = new Date(),
  }: { actorId: string; slug: HelpPageSlug; input: z.infer<typeof pageInput>; now?: Date },
): Promise<void> {
  await db
    .insert(pages)
    .values({ slug, title: input.title, bodyMd: input.bodyMd, updatedBy: actorId, updatedAt: now })
    .onConflictDoUpdate({
      target: pages.slug,
      set: { title: input.title, bodyMd: input.bodyMd, updatedBy: actorId, updatedAt: now },
    });
  await audit(db, {
    actorId,
    action: "page.update",
    targetType: "page",
    targetId: slug,
    detail: { length: input.bodyMd.length },
  });
}
