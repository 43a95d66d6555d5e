import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { brands } from "../../../db/schema";
import { audit } from "../audit.server";
import { constraintProblem } from "../db-errors.server";
import { forgetTallyWatermark } from "./tally.server";
import type { Db } from "../../../db/client.server";

/** Tracked brands: the own brand and its competitors, with the keywords that find them in mention text. */

export type Brand = typeof brands.$inferSelect;

export const brandSchema = z.object({
  id: z
    .string()
    .uuid()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  name: z.string().trim().min(2, "Enter the brand's name").max(80, "Keep the name under 80 characters"),
  keywords: z
    .string()
    .max(1000, "Keep keywords under 1,000 characters")
    .transform((v) => [
      ...new Set(
        v
          .split(",")
          .map((k) => k.trim().toLowerCase())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().max(60, "Keep each keyword under 60 characters")).min(1, "Enter at least one keyword")),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Pick a colour like #4338ca"),
  isOwn: z
    .union([z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")])
    .optional()
    .transform((v) => v === "on" || v === "true"),
});

export function listBrands(db: Db): Promise<Brand[]> {
  return db
    .select()
    .from(brands)
    .orderBy(sql`${brands.isOwn} desc`, asc(brands.name));
}

export type SovResult = { ok: true; message: string } | { ok: false; field?: string; message: string };

/** Creates or updates a brand; marking one as own clears the flag on the others (there is one own brand). */
export async function saveBrand(db: Db, actorId: string, input: z.infer<typeof brandSchema>): Promise<SovResult> {
  const [clash] = await db
    .select({ id: brands.id })
    .from(brands)
    .where(sql`lower(${brands.name}) = lower(${input.name})`);
  if (clash && clash.id !== input.id)
    return { ok: false, field: "name", message: "Another brand already has this name." };
  // A save racing another with the same name meets the unique constraint after the check: its message, not a 500.
  const saved = await db
    .transaction(async (tx) => {
      const [previousOwn] = await tx.select({ id: brands.id }).from(brands).where(eq(brands.isOwn, true));
      if (input.isOwn)
        await tx
          .update(brands)
          .set({ isOwn: false })
          .where(sql`${brands.isOwn} and ${brands.id} is distinct from ${input.id ?? null}`);
      const values = {
        name: input.name,
        keywords: input.keywords,
        color: input.color.toLowerCase(),
        isOwn: input.isOwn,
      };
      if (input.id) {
        const updated = await tx.update(brands).set(values).where(eq(brands.id, input.id)).returning({ id: brands.id });
        // Thrown, not returned: the own flag may already have moved above, and a refusal must undo it.
        if (!updated.length) throw new BrandGone();
      } else {
        await tx.insert(brands).values(values);
      }
      const [nowOwn] = await tx.select({ id: brands.id }).from(brands).where(eq(brands.isOwn, true));
      // Employee shares count for the own brand: when that changes, the next tally recounts everything.
      if (previousOwn?.id !== nowOwn?.id) await forgetTallyWatermark(tx);
      await audit(tx, {
        actorId,
        action: input.id ? "brand.update" : "brand.create",
        targetType: "brand",
        targetId: input.id ?? null,
        detail: { name: input.name },
      });
      return { ok: true as const, message: `${input.name} saved.` };
    })
    .then(
      (r) => r,
      (error: unknown) =>
        error instanceof BrandGone
          ? { problem: { field: "form", message: "That brand no longer exists." } }
          : constraintProblem(error),
    );
  return "problem" in saved ? { ok: false, ...saved.problem } : saved;
}

class BrandGone extends Error {}

export async function deleteBrand(db: Db, actorId: string, id: string): Promise<SovResult> {
  const [deleted] = await db.delete(brands).where(eq(brands.id, id)).returning({ name: brands.name });
  if (!deleted) return { ok: false, message: "That brand no longer exists." };
  await audit(db, {
    actorId,
    action: "brand.delete",
    targetType: "brand",
    targetId: id,
    detail: { name: deleted.name },
  });
  return { ok: true, message: `${deleted.name} and its mentions were deleted.` };
}

/** The brand whose keyword occurs in the text; the longest matching keyword wins, so "fabrikam cloud" beats "cloud". */
export function matchBrand(list: readonly Pick<Brand, "id" | "keywords">[], text: string): string | null {
  const haystack = text.toLowerCase();
  let best: { id: string; length: number } | null = null;
  for (const brand of list)
    for (const keyword of brand.keywords) {
      const k = keyword.toLowerCase();
      if (k && haystack.includes(k) && (!best || k.length > best.length)) best = { id: brand.id, length: k.length };
    }
  return best?.id ?? null;
}
