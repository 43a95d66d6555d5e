import { and, eq, gte } from "drizzle-orm";
import { z } from "zod";
import { shareEvents, shares } from "../../db/schema";
import { readJobState } from "./job-state.server";
import { NETWORKS } from "./networks";
import { createShare, SHARED_THROUGH } from "./sharing.server";
import { forgetTallyWatermark, TALLY_STATE } from "./sov/tally.server";
import type { Db } from "../../db/client.server";
import type { SessionUser } from "./auth.server";

/**
 * The phone's share sheet (navigator.share) from the composer (decision 017). The share is recorded like a
 * copy share (`copy`, `opened`: unverified) before the sheet opens, so the tracked link it hands over already
 * works. When the rep closes the sheet without choosing an app, the browser says so (AbortError) and the
 * page withdraws the share: it becomes `cancelled`, with the reason in its timeline.
 */
export const shareSheetSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("open"),
    itemId: z.string().uuid("Reload the page and try again"),
    network: z.enum(NETWORKS, { errorMap: () => ({ message: "Pick a network" }) }),
    text: z.string().max(5000, "Keep the message under 5,000 characters").default(""),
    idempotencyKey: z.string().uuid("Reload the page and try again"),
  }),
  z.object({ intent: z.literal("withdraw"), shareId: z.string().uuid("Reload the page and try again") }),
]);
export type ShareSheetForm = z.infer<typeof shareSheetSchema>;

/** What the page hands the share sheet: the words (with the disclosure) and the tracked link apart. */
export type SheetShare = { shareId: string; link: string; words: string };

/** How long after opening the sheet a share can still be withdrawn: a closed sheet answers within seconds. */
export const WITHDRAW_WITHIN_MS = 15 * 60_000;
const SHEET_DETAIL = `Shared through ${SHARED_THROUGH.sheet}`;

export async function recordSheetShare(
  db: Db,
  {
    user,
    form,
    origin,
    now = new Date(),
  }: { user: SessionUser; form: Extract<ShareSheetForm, { intent: "open" }>; origin: string; now?: Date },
): Promise<{ ok: true; share: SheetShare } | { ok: false; message: string; field?: string }> {
  const result = await createShare(db, {
    user,
    itemId: form.itemId,
    form: { network: form.network, mode: "sheet", text: form.text, idempotencyKey: form.idempotencyKey },
    origin,
    now,
  });
  if (!result.ok) return { ok: false, message: result.message, field: result.field };
  const words = result.text.endsWith(`\n${result.link}`)
    ? result.text.slice(0, -result.link.length - 1).trimEnd()
    : result.text;
  return { ok: true, share: { shareId: result.shareId, link: result.link, words } };
}

/**
 * A share sheet closed without sharing: its share (the rep's own, made through the sheet moments ago) is
 * cancelled. Anything else (a copy share, someone else's, an old one) is left alone. Share of voice is
 * recounted if a tally counted the share in between.
 */
export async function withdrawSheetShare(
  db: Db,
  { user, shareId, now = new Date() }: { user: SessionUser; shareId: string; now?: Date },
): Promise<{ ok: boolean; message: string }> {
  const [sheet] = await db
    .select({ id: shares.id, publishedAt: shares.publishedAt })
    .from(shares)
    .innerJoin(shareEvents, and(eq(shareEvents.shareId, shares.id), eq(shareEvents.kind, "created")))
    .where(
      and(
        eq(shares.id, shareId),
        eq(shares.userId, user.id),
        eq(shares.status, "opened"),
        eq(shares.method, "copy"),
        eq(shareEvents.detail, SHEET_DETAIL),
        gte(shares.createdAt, new Date(now.getTime() - WITHDRAW_WITHIN_MS)),
      ),
    );
  if (!sheet) return { ok: false, message: "That share can no longer be withdrawn." };
  const withdrawn = await db
    .update(shares)
    .set({ status: "cancelled", updatedAt: now })
    .where(and(eq(shares.id, sheet.id), eq(shares.status, "opened")))
    .returning({ id: shares.id });
  if (!withdrawn.length) return { ok: false, message: "That share can no longer be withdrawn." };
  await db
    .insert(shareEvents)
    .values({ shareId: sheet.id, kind: "cancelled", detail: "The share sheet was closed without sharing" });
  const tally = await readJobState<{ sharesSince?: string }>(db, TALLY_STATE);
  const since = tally?.sharesSince ? Date.parse(tally.sharesSince) : Number.NaN;
  if (sheet.publishedAt && since > sheet.publishedAt.getTime()) await forgetTallyWatermark(db);
  return { ok: true, message: "Not shared: the share sheet was closed without choosing an app." };
}
