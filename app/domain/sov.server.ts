import { createHash } from "node:crypto";
import { pipeline, Readable } from "node:stream";
import { parse } from "csv-parse";
import { asc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "../../db/client.server";
import { brands, jobState, mentions } from "../../db/schema";
import { CSV_IMPORT_BODY_LIMIT } from "../http/limits";
import { audit } from "./audit.server";
import { constraintProblem } from "./db-errors.server";
import { countedShare, SHARED_STATUSES } from "./share-counting.server";
import { dateRange, MAX_REPORT_DAYS, text } from "./validation";

/* ------------------------------------------------------------------ brands */

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
  const deleted = await db.delete(brands).where(eq(brands.id, id)).returning({ name: brands.name });
  if (!deleted.length) return { ok: false, message: "That brand no longer exists." };
  await audit(db, {
    actorId,
    action: "brand.delete",
    targetType: "brand",
    targetId: id,
    detail: { name: deleted[0]!.name },
  });
  return { ok: true, message: `${deleted[0]!.name} and its mentions were deleted.` };
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

/* --------------------------------------------------------- incoming mentions */

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

type MentionRow = typeof mentions.$inferInsert;
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
    brandId = brandList.find((b) => b.name.toLowerCase() === m.brand!.toLowerCase())?.id ?? null;
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

export interface RowError {
  line: number;
  reason: string;
}
export interface ImportReport {
  rows: number;
  imported: number;
  duplicates: number;
  errors: RowError[];
  /** Errors beyond the first MAX_REPORTED_ERRORS are counted, not listed. */
  errorCount: number;
  fatal?: string;
}

/** The CSV import's own limit (it reports the rows read up to it), the edge's limit for the route (limits.ts). */
export const MAX_IMPORT_BYTES = CSV_IMPORT_BODY_LIMIT;
const MAX_REPORTED_ERRORS = 200;
const BATCH = 500;
const HEADER_ALIASES: Record<string, string> = {
  date: "date",
  time: "date",
  published: "date",
  published_at: "date",
  timestamp: "date",
  network: "network",
  channel: "network",
  source: "network",
  platform: "network",
  author: "author",
  user: "author",
  handle: "author",
  url: "url",
  link: "url",
  permalink: "url",
  text: "text",
  content: "text",
  message: "text",
  body: "text",
  brand: "brand",
  id: "id",
  external_id: "id",
  mention_id: "id",
};

/**
 * Imports a listening-tool CSV export read as a stream, line by line, in batches: bad rows are
 * reported with their line number and reason, good rows are kept, re-importing adds nothing.
 * Nothing holds the whole file in memory; `onProgress` gets the bytes read so far.
 */
export async function importMentionsCsv(
  db: Db,
  input: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>,
  options: { maxBytes?: number; onProgress?: (bytes: number) => void } = {},
): Promise<ImportReport> {
  const report: ImportReport = { rows: 0, imported: 0, duplicates: 0, errors: [], errorCount: 0 };
  const fail = (line: number, reason: string) => {
    report.errorCount++;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, reason });
  };
  const brandList = await listBrands(db);
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  let bytes = 0;
  const source =
    input instanceof ReadableStream
      ? Readable.fromWeb(input as import("node:stream/web").ReadableStream<Uint8Array>)
      : Readable.from(input);
  const counted = async function* () {
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
      bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
      if (bytes > maxBytes) throw new TooLarge();
      options.onProgress?.(bytes);
      yield chunk;
    }
  };
  const parser = parse({
    bom: true,
    columns: false,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    trim: true,
    info: true,
  });
  // pipeline() hands a read error (or the size limit) to the parser, so the loop below throws it.
  pipeline(Readable.from(counted()), parser, () => undefined);
  let columns: (string | null)[] | null = null;
  let pending: MentionRow[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    const inserted = await insertMentions(db, batch);
    report.imported += inserted;
    report.duplicates += batch.length - inserted;
  };
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = record.info.lines;
      if (!columns) {
        columns = record.record.map(
          (h) =>
            HEADER_ALIASES[
              h
                .trim()
                .toLowerCase()
                .replace(/[\s-]+/g, "_")
            ] ?? null,
        );
        const missing = ["date", "network"].filter((c) => !columns!.includes(c));
        if (missing.length) {
          report.fatal = `The first line must name the columns; ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} missing (expected date, network, author, url, text, brand).`;
          fail(line, report.fatal);
          break;
        }
        continue;
      }
      report.rows++;
      const raw: Record<string, string> = {};
      columns.forEach((name, i) => {
        if (name && record.record[i] !== undefined) raw[name] = record.record[i]!;
      });
      const resolved = resolveMention(raw, brandList, "import");
      if (!resolved.ok) fail(line, resolved.reason);
      else {
        pending.push(resolved.row);
        if (pending.length >= BATCH) await flush();
      }
    }
    await flush();
  } catch (error) {
    await flush().catch(() => undefined);
    if (error instanceof TooLarge)
      report.fatal = `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; rows up to that point were imported.`;
    else if (error && typeof error === "object" && "code" in error && String(error.code).startsWith("CSV_")) {
      const e = error as unknown as { message: string; lines?: number };
      report.fatal = `The file is not valid CSV near line ${e.lines ?? "?"}: ${e.message}`;
    } else throw error;
    fail(0, report.fatal);
  }
  if (!columns && !report.fatal) {
    report.fatal = "The file is empty.";
    fail(0, report.fatal);
  }
  return report;
}

class TooLarge extends Error {}

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

/* ------------------------------------------------------------------ tally */

/** The tally job's watermark lives in job_state under this name. */
export const TALLY_STATE = "tally";

/** Makes the next tally recompute sov_daily from scratch (after a reset, or when the own brand changed). */
export async function forgetTallyWatermark(db: Db): Promise<void> {
  await db.delete(jobState).where(eq(jobState.name, TALLY_STATE));
}

/** The database's clock (transaction start): what mentions.created_at is compared against. */
export async function dbNow(db: Db): Promise<Date> {
  const [clock] = await rows<{ at: string | Date }>(db, sql`select now() as at`);
  return new Date(clock!.at);
}

/**
 * A safe watermark for mentions.created_at: now, or the start of the oldest transaction still open in this
 * database if earlier, since that transaction may yet commit mentions stamped with its start time.
 */
export async function mentionsWatermark(db: Db): Promise<Date> {
  const [clock] = await rows<{ at: string | Date }>(
    db,
    sql`select least(now(), (select min(xact_start) from pg_stat_activity
                              where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null)) as at`,
  );
  return new Date(clock!.at);
}

const dayStart = (day: SQL) => sql`(${day}::timestamp at time zone 'UTC')`;
const dayEnd = (day: SQL) => sql`((${day} + 1)::timestamp at time zone 'UTC')`;

/**
 * Recounts sov_daily for the given UTC days (all days when null), whole: listened mentions (import, api)
 * from mentions, and the program's own mentions straight from shares (each share is one mention of the own
 * brand on its network): verified ones (posted by API) as source 'share', unverified ones (share page,
 * copy; the first per rep, item and network) as 'opened_share', so the page can count them or not.
 * Counting shares where they live, rather than copying millions of them into mentions, keeps a full
 * recompute to two grouped scans.
 */
async function recountDays(db: Db, days: string[] | null): Promise<void> {
  const list = days
    ? sql.join(
        days.map((d) => sql`${d}::date`),
        sql`, `,
      )
    : null;
  const inDays = (column: SQL) =>
    list
      ? sql`join (select unnest(array[${list}]) as day) d on ${column} >= ${dayStart(sql`d.day`)} and ${column} < ${dayEnd(sql`d.day`)}`
      : sql``;
  await db.transaction(async (tx) => {
    await tx.execute(list ? sql`delete from sov_daily where day in (${list})` : sql`delete from sov_daily`);
    await tx.execute(sql`
      insert into sov_daily (day, brand_id, network, source, count)
      select (m.mentioned_at at time zone 'UTC')::date, m.brand_id, m.network, m.source, count(*)::int
      from mentions m ${inDays(sql`m.mentioned_at`)}
      where m.source <> 'share'
      group by 1, 2, 3, 4
      on conflict (day, brand_id, network, source) do update set count = excluded.count`);
    await tx.execute(sql`
      insert into sov_daily (day, brand_id, network, source, count)
      select (s.published_at at time zone 'UTC')::date, b.id, s.network::text,
             (case when s.status = 'published' then 'share' else 'opened_share' end)::mention_source, count(*)::int
      from shares s ${inDays(sql`s.published_at`)}
      cross join (select id from brands where is_own order by created_at limit 1) b
      where s.published_at is not null and ${countedShare("s")}
      group by 1, 2, 3, 4
      on conflict (day, brand_id, network, source) do update set count = excluded.count`);
  });
}

/** Rebuilds sov_daily from scratch; returns its row count. */
export async function rollupAll(db: Db): Promise<number> {
  await recountDays(db, null);
  const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from sov_daily`);
  return row?.n ?? 0;
}

/**
 * Recounts every UTC day that has a mention stored since `mentionsSince` or a share published since
 * `sharesSince`. Days are recounted whole, so running it twice, concurrently or with an overlapping
 * watermark gives the same rows. Returns how many days were recounted.
 */
export async function rollupTouchedDays(db: Db, since: { mentionsSince: Date; sharesSince?: Date }): Promise<number> {
  const days = await rows<{ day: string }>(
    db,
    sql`select (mentioned_at at time zone 'UTC')::date::text as day from mentions where created_at >= ${since.mentionsSince}
        ${since.sharesSince ? sql`union select (published_at at time zone 'UTC')::date::text from shares where published_at >= ${since.sharesSince} and status in ${SHARED_STATUSES}` : sql``}
        order by 1`,
  );
  const unique = [...new Set(days.map((d) => d.day))];
  for (let i = 0; i < unique.length; i += 31) await recountDays(db, unique.slice(i, i + 31));
  return unique.length;
}

/* ------------------------------------------------------------ SOV report */

export const BUCKETS = ["day", "week", "month"] as const;
export type Bucket = (typeof BUCKETS)[number];

/** The SOV page's URL filters; anything malformed falls back to the defaults (last 90 days, weekly, all networks). */
export function parseSovFilters(params: URLSearchParams, today = new Date()) {
  const { from, to, problem } = dateRange(params, { today, days: 90, maxDays: MAX_REPORT_DAYS });
  const bucket = z.enum(BUCKETS).safeParse(params.get("bucket")).data ?? "week";
  const network =
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9 ._-]{0,39}$/)
      .safeParse(params.get("network") ?? "").data ?? null;
  // Share of voice counts verified posts; the page's switch adds the unverified (share page, copy) ones.
  const unverified = params.get("unverified") === "1";
  return { from, to, bucket, network, unverified, problem: problem as string | null | undefined };
}
export type SovFilters = ReturnType<typeof parseSovFilters>;

export interface SovPeriod {
  period: string;
  total: number;
  own: number;
  /** Own mentions that came from employees' shares (verified; unverified too when included): the program's contribution. */
  ownFromShares: number;
  /** The own brand's unverified shares (share page, copy) in the period, counted in or not. */
  unverifiedShares: number;
  sov: number | null;
  /** Own SOV without the program's shares: what the brand would have without advocates. */
  sovWithoutShares: number | null;
  byBrand: Record<string, number>;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** Share of voice from sov_daily (never from mentions): per period, per network and in total. */
export async function sovReport(db: Db, filters: SovFilters) {
  const brandList = await listBrands(db);
  const own = brandList.find((b) => b.isOwn) ?? null;
  const networkFilter = filters.network ? sql`and network = ${filters.network}` : sql``;
  const withUnverified = sql.raw(filters.unverified ? "true" : "false");
  const sums = sql`sum(case when source = 'share' or (source = 'opened_share' and ${withUnverified}) then count else 0 end)::int as from_shares,
                   sum(case when source <> 'opened_share' or ${withUnverified} then count else 0 end)::int as count,
                   sum(case when source = 'opened_share' then count else 0 end)::int as unverified`;
  const [periodRows, networkRows, networks] = await Promise.all([
    rows<{ period: string; brand_id: string; from_shares: number; count: number; unverified: number }>(
      db,
      sql`select to_char(date_trunc(${filters.bucket}, day::timestamp), 'YYYY-MM-DD') as period, brand_id, ${sums}
          from sov_daily where day between ${filters.from}::date and ${filters.to}::date ${networkFilter}
          group by 1, 2 order by 1`,
    ),
    rows<{ network: string; brand_id: string; from_shares: number; count: number; unverified: number }>(
      db,
      sql`select network, brand_id, ${sums}
          from sov_daily where day between ${filters.from}::date and ${filters.to}::date ${networkFilter}
          group by 1, 2 order by 1`,
    ),
    rows<{ network: string }>(db, sql`select distinct network from sov_daily order by 1`),
  ]);
  const fold = <K extends string>(
    input: Array<{ brand_id: string; from_shares: number; count: number; unverified: number } & Record<K, string>>,
    key: K,
  ) => {
    const map = new Map<string, SovPeriod>();
    for (const r of input) {
      const k = r[key];
      const p = map.get(k) ?? {
        period: k,
        total: 0,
        own: 0,
        ownFromShares: 0,
        unverifiedShares: 0,
        sov: null,
        sovWithoutShares: null,
        byBrand: {},
      };
      p.unverifiedShares += r.unverified;
      p.total += r.count;
      p.byBrand[r.brand_id] = (p.byBrand[r.brand_id] ?? 0) + r.count;
      if (own && r.brand_id === own.id) {
        p.own += r.count;
        p.ownFromShares += r.from_shares;
      }
      map.set(k, p);
    }
    for (const p of map.values()) {
      p.sov = ratio(p.own, p.total);
      p.sovWithoutShares = ratio(p.own - p.ownFromShares, p.total - p.ownFromShares);
    }
    return [...map.values()];
  };
  const periods = fold(periodRows, "period");
  const byNetwork = fold(networkRows, "network");
  const total = periods.reduce(
    (acc, p) => {
      acc.total += p.total;
      acc.own += p.own;
      acc.ownFromShares += p.ownFromShares;
      acc.unverifiedShares += p.unverifiedShares;
      for (const [b, n] of Object.entries(p.byBrand)) acc.byBrand[b] = (acc.byBrand[b] ?? 0) + n;
      return acc;
    },
    {
      period: "total",
      total: 0,
      own: 0,
      ownFromShares: 0,
      unverifiedShares: 0,
      sov: null,
      sovWithoutShares: null,
      byBrand: {},
    } as SovPeriod,
  );
  total.sov = ratio(total.own, total.total);
  total.sovWithoutShares = ratio(total.own - total.ownFromShares, total.total - total.ownFromShares);
  return { brands: brandList, own, periods, byNetwork, total, networks: networks.map((n) => n.network) };
}
export type SovReport = Awaited<ReturnType<typeof sovReport>>;

/** CSV rows for the SOV exports (same numbers as the page's tables). */
export function sovCsvRows(report: SovReport, rowsOf: "periods" | "networks") {
  const header = [
    rowsOf === "periods" ? "period" : "network",
    ...report.brands.map((b) => `${b.name} mentions`),
    "total mentions",
    "own from shares",
    "own SOV %",
    "own SOV without shares %",
  ];
  const list = rowsOf === "periods" ? report.periods : report.byNetwork;
  const pct = (v: number | null) => (v === null ? "" : (v * 100).toFixed(1));
  return {
    header,
    body: list.map((p) => [
      p.period,
      ...report.brands.map((b) => p.byBrand[b.id] ?? 0),
      p.total,
      p.ownFromShares,
      pct(p.sov),
      pct(p.sovWithoutShares),
    ]),
  };
}
