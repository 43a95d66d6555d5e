import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { badges, userBadges } from "../../../db/schema";
import { audit } from "../audit.server";
import { constraintProblem } from "../db-errors.server";
import { bonusPoints } from "../validation";
import { BADGE_RULE_KINDS } from "./rules.server";
import type { Db } from "../../../db/client.server";

/** The badge catalog admins keep: add, retire and restore badges; the award job awards them. */

export const badgeInput = z.object({
  name: z.string().trim().min(1, "Name the badge").max(60, "Keep the name under 60 characters"),
  description: z.string().trim().max(200, "Keep the description under 200 characters").default(""),
  ruleKind: z.enum(BADGE_RULE_KINDS as [string, ...string[]], { errorMap: () => ({ message: "Choose a rule" }) }),
  threshold: z.coerce
    .number({ invalid_type_error: "Enter a whole number" })
    .int("Enter a whole number")
    .min(1, "The threshold must be at least 1")
    .max(1_000_000, "Keep the threshold under 1,000,000"),
  bonusPoints: bonusPoints(),
});

export async function addBadge(
  db: Db,
  actorId: string,
  input: z.infer<typeof badgeInput>,
): Promise<{ ok: true } | { ok: false; field: string; message: string }> {
  const slug =
    input.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "badge";
  const [clash] = await db.select({ id: badges.id }).from(badges).where(eq(badges.slug, slug));
  if (clash) return { ok: false, field: "name", message: "A badge with this name exists; pick another name." };
  const row = await db
    .insert(badges)
    .values({
      slug,
      name: input.name,
      description: input.description,
      ruleKind: input.ruleKind,
      threshold: input.threshold,
      bonusPoints: input.bonusPoints,
    })
    .returning({ id: badges.id })
    .then((r) => r[0], constraintProblem);
  if (!row) throw new Error("Inserting the badge returned no row");
  if ("problem" in row) return { ok: false, ...row.problem };
  await audit(db, { actorId, action: "badge.create", targetType: "badge", targetId: row.id, detail: input });
  return { ok: true };
}

/** Retired badges are no longer awarded; people keep the ones they earned. */
export async function setBadgeRetired(
  db: Db,
  { actorId, badgeId, retired, now = new Date() }: { actorId: string; badgeId: string; retired: boolean; now?: Date },
): Promise<void> {
  await db
    .update(badges)
    .set({ retiredAt: retired ? now : null })
    .where(eq(badges.id, badgeId));
  await audit(db, {
    actorId,
    action: retired ? "badge.retire" : "badge.restore",
    targetType: "badge",
    targetId: badgeId,
  });
}

export interface BadgeListing {
  id: string;
  name: string;
  description: string;
  ruleKind: string;
  threshold: number;
  bonusPoints: number;
  retiredAt: Date | null;
  /** How many people hold it. */
  holders: number;
}

/** Every badge for the admin page, active ones first, with how many people hold each. */
export function listBadges(db: Db): Promise<BadgeListing[]> {
  return db
    .select({
      id: badges.id,
      name: badges.name,
      description: badges.description,
      ruleKind: badges.ruleKind,
      threshold: badges.threshold,
      bonusPoints: badges.bonusPoints,
      retiredAt: badges.retiredAt,
      holders: sql<number>`(select count(*)::int from ${userBadges} ub where ub.badge_id = ${badges.id})`,
    })
    .from(badges)
    .orderBy(sql`(${badges.retiredAt} is not null)`, badges.ruleKind, badges.threshold);
}
