import { createHash } from "node:crypto";
import { z } from "zod";
import { mentions } from "../../../db/schema";
import { text } from "../validation";
import { listBrands, matchBrand, type Brand } from "./brands.server";
import type { Db } from "../../../db/client.server";

/** Incoming mentions (a CSV row or an API item): validated, matched to a brand, stored once. */

/** One mention as a listening tool exports it (CSV row or API item), before the brand is resolved. */
export const mentionInputSchema = z.object({
  // text(): a NUL byte would fail the whole batch's insert, losing the good rows with the bad one.
  id: text().trim().max(200, "The id is longer than 200 characters").optional(),
  date: z
    .string({ required_error: "The date is missing" })
    .trim()
    .min(1, "The date is missing")
    .transform((v, ctx) => {
      const date = parseMentionDate(v);
      if (!date)
        ctx.addIssue({ code: "custom", message: `"${v.slice(0, 40)}" is not a date (use 2026-03-31 or an ISO time)` });
      return date ?? new Date(0);
    }),
  network: z
    .string({ required_error: "The network is missing" })
    .trim()
    .toLowerCase()
    .min(1, "The network is missing")
    .regex(/^[a-z0-9][a-z0-9 ._-]{0,39}$/, "The network must be a short name like linkedin or x"),
  author: text().trim().max(200, "The author is longer than 200 characters").optional(),
  url: text()
    .trim()
    .max(2000, "The URL is longer than 2,000 characters")
    .optional()
    .refine((v) => !v || /^https?:\/\/[^\s]+$/i.test(v), "The URL must start with http:// or https://"),
  text: text().max(10_000, "The text is longer than 10,000 characters").optional(),
  brand: text().trim().max(80).optional(),
});
export type MentionInput = z.input<typeof mentionInputSchema>;

function parseMentionDate(value: string): Date | null {
  let v = value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) v += "T00:00:00Z";
  else if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) v = v.replace(" ", "T") + "Z";
  else if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) return null;
  const date = new Date(v);
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 2000 || year > 2100 ? null : date;
}

export type MentionRow = typeof mentions.$inferInsert;
type Resolved = { ok: true; row: MentionRow } | { ok: false; reason: string };

/** Validates one incoming mention and finds its brand (by name, else by keywords in the text and URL). */
export function resolveMention(
  raw: Record<string, unknown>,
  brandList: readonly Brand[],
  source: "import" | "api",
): Resolved {
  const clean = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === "" || v === null ? undefined : v]));
  const parsed = mentionInputSchema.safeParse(clean);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => i.message).join("; ") };
  const m = parsed.data;
  let brandId: string | null;
  if (m.brand) {
    const named = m.brand.toLowerCase();
    brandId = brandList.find((b) => b.name.toLowerCase() === named)?.id ?? null;
    if (!brandId) return { ok: false, reason: `"${m.brand}" is not a tracked brand` };
  } else {
    brandId = matchBrand(brandList, `${m.text ?? ""} ${m.url ?? ""}`);
    if (!brandId) return { ok: false, reason: "No brand given and no tracked brand's keyword in the text" };
  }
  // Re-importing the same export adds nothing: the id is the tool's own, else a hash of what identifies the post.
  const identity = m.id
    ? `id:${m.id}`
    : m.url
      ? `url:${brandId}:${m.url}`
      : `row:${brandId}:${m.network}:${m.date.toISOString()}:${m.author ?? ""}:${m.text ?? ""}`;
  const externalId = m.id ?? createHash("sha256").update(identity).digest("hex");
  return {
    ok: true,
    row: {
      brandId,
      network: m.network,
      source,
      externalId,
      author: m.author ?? null,
      url: m.url ?? null,
      text: m.text ?? null,
      mentionedAt: m.date,
    },
  };
}

/** Inserts mentions, skipping any already stored (same source and external id); returns how many were new. */
export async function insertMentions(db: Db, batch: MentionRow[]): Promise<number> {
  if (!batch.length) return 0;
  // The same external id twice in one batch would make one statement conflict with itself.
  const seen = new Set<string>();
  const unique = batch.filter(
    (r) => !seen.has(`${r.source}:${r.externalId}`) && seen.add(`${r.source}:${r.externalId}`),
  );
  const inserted = await db
    .insert(mentions)
    .values(unique)
    .onConflictDoNothing({ target: [mentions.source, mentions.externalId] })
    .returning({ id: mentions.id });
  return inserted.length;
}

export const apiBatchSchema = z.object({
  mentions: z
    .array(z.record(z.unknown()))
    .min(1, "Send at least one mention")
    .max(1000, "Send at most 1,000 mentions per request"),
});

/** POST /api/mentions: each item validated like a CSV row; the response lists rejected items by index. */
export async function ingestApiMentions(db: Db, items: Record<string, unknown>[]) {
  const brandList = await listBrands(db);
  const errors: { index: number; reason: string }[] = [];
  const good: MentionRow[] = [];
  items.forEach((item, index) => {
    const stringified = Object.fromEntries(
      Object.entries(item).map(([k, v]) => [k, typeof v === "number" ? String(v) : v]),
    );
    const resolved = resolveMention(stringified, brandList, "api");
    if (resolved.ok) good.push(resolved.row);
    else errors.push({ index, reason: resolved.reason });
  });
  const imported = await insertMentions(db, good);
  return { received: items.length, imported, duplicates: good.length - imported, errors };
}
