import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { rows, type Db } from "../../db/client.server";
import { contentItems, contentMessages, packItems, packs, packTargets, shares, users } from "../../db/schema";
import { CONTENT_TYPES } from "./content-types";
import { type Network } from "./networks";
import type { SessionUser } from "./auth.server";

export { CONTENT_TYPES };
// Twelve cards fill four rows of three; the home page shows its own sections above them.
export const LIBRARY_PAGE_SIZE = 12;

export interface LibraryQuery {
  q?: string;
  type?: (typeof CONTENT_TYPES)[number];
  tag?: string;
  language?: string;
  network?: Network;
  pack?: string;
  page?: number;
}

/**
 * The library: published, live items the user may see. With a query, Postgres full-text search over
 * title, summary, tags and suggested messages, best match first; otherwise newest first.
 */
/**
 * The words of a library search: letters and digits only (so nothing reaches tsquery or a regex as syntax),
 * lower-cased, at most eight of them.
 */
export function searchTerms(q: string | undefined): string[] {
  return (q?.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8).map((t) => t.slice(0, 60));
}

/**
 * One search word matches an item when a word of its title, summary, tags or messages starts with it, either
 * stemmed through the full-text index ("sharing" finds "shared") or as typed (a stop word such as "the" has no
 * lexeme, and a prefix such as "autonomo" is not a stem's prefix). "As typed" was a `\m` regex (a word start in
 * Postgres regexes) over every item's text; search_words holds that text's words, split by the regex's own word
 * characters (migration 0020), so the same match is a prefix lookup in its index. A search word with a character
 * Postgres does not count as a word character could only match through the regex, which it keeps (the planner
 * drops that arm for every other word, as the condition on the word alone is a constant).
 */
function searchMatches(term: string) {
  const lexeme = `${term}:*`;
  return sql`(
    ${contentItems.search} @@ to_tsquery('english', ${lexeme})
    or ${contentItems.searchWords} @@ (quote_literal(lower(${term})) || ':*')::tsquery
    or (lower(${term}) !~ '^\\w+$'
        and (${contentItems.title} || ' ' || coalesce(${contentItems.summary}, '') || ' ' || ${contentItems.searchText})
          ~* ${`\\m${term}`})
  )`;
}

const cardColumns = {
  id: contentItems.id,
  type: contentItems.type,
  title: contentItems.title,
  summary: contentItems.summary,
  imageUrl: contentItems.imageUrl,
  url: contentItems.url,
  tags: contentItems.tags,
};

export async function libraryForUser(
  db: Db,
  { user, query = {}, now = new Date() }: { user: Pick<SessionUser, "teamId">; query?: LibraryQuery; now?: Date },
) {
  const terms = searchTerms(query.q);
  // Every word as a prefix ("auto" finds "autonomous"), stemmed for ranking; see searchMatches below.
  const tsquery = terms.length ? sql`to_tsquery('english', ${terms.map((t) => `${t}:*`).join(" & ")})` : null;
  const page = Math.max(1, query.page ?? 1);
  const where = and(
    isLive(now),
    visibleToUser(user.teamId, now),
    query.type ? eq(contentItems.type, query.type) : undefined,
    query.tag ? sql`${query.tag.toLowerCase()} = any(${contentItems.tags})` : undefined,
    query.language ? eq(contentItems.language, query.language) : undefined,
    query.network
      ? sql`exists (
          select 1 from ${contentMessages} cm where cm.item_id = ${contentItems.id} and cm.network = ${query.network}
        )`
      : undefined,
    query.pack
      ? sql`exists (select 1 from ${packItems} pi where pi.item_id = ${contentItems.id} and pi.pack_id = ${query.pack})`
      : undefined,
    ...terms.map(searchMatches),
  );
  const items = await db
    .select(cardColumns)
    .from(contentItems)
    .where(where)
    .orderBy(
      ...(tsquery
        ? [desc(sql`ts_rank(${contentItems.search}, ${tsquery})`), desc(contentItems.publishAt)]
        : query.pack
          ? [asc(packPosition(query.pack)), desc(contentItems.createdAt)]
          : [desc(contentItems.publishAt), desc(contentItems.createdAt)]),
    )
    .limit(LIBRARY_PAGE_SIZE + 1)
    .offset((page - 1) * LIBRARY_PAGE_SIZE);
  return { items: items.slice(0, LIBRARY_PAGE_SIZE), page, hasMore: items.length > LIBRARY_PAGE_SIZE };
}

/** An item's place in a pack as its marketer arranged it (a pack's page in the library lists them in that order). */
const packPosition = (packId: string) =>
  sql`(select pi.position from ${packItems} pi where pi.pack_id = ${packId} and pi.item_id = ${contentItems.id})`;

const HOME_SECTION_SIZE = 3;

/** Live items of my library I have not shared (or queued) yet, newest first. */
export function notSharedYet(
  db: Db,
  {
    user,
    now = new Date(),
    limit = HOME_SECTION_SIZE,
  }: { user: Pick<SessionUser, "id" | "teamId">; now?: Date; limit?: number },
) {
  return db
    .select(cardColumns)
    .from(contentItems)
    .where(
      and(
        isLive(now),
        visibleToUser(user.teamId, now),
        sql`not exists (
          select 1 from ${shares} s
          where s.user_id = ${user.id} and s.item_id = ${contentItems.id} and s.status <> 'cancelled'
        )`,
      ),
    )
    .orderBy(desc(contentItems.publishAt), desc(contentItems.createdAt))
    .limit(limit);
}

// Per database handle, so tests (and tools) that open several never see each other's ranking.
const trendingCache = new WeakMap<object, { ranking?: { at: number; ids: string[] }; counting?: Promise<string[]> }>();
const TRENDING_TTL_MS = 60_000;

/**
 * The company-wide ranking of the last seven days, the same for everyone: each process counts it once a minute.
 * One count at a time (every page asking meanwhile shares it), and a ranking past its minute is still shown
 * while the next one is counted, so only a process's first page waits for the count (150 ms over 2M shares).
 */
async function trendingRanking(db: Db, now: Date): Promise<string[]> {
  let entry = trendingCache.get(db);
  if (!entry) trendingCache.set(db, (entry = {}));
  const held = entry.ranking;
  const usable = held !== undefined && now.getTime() >= held.at; // a clock set back (tests) counts again
  if (usable && now.getTime() - held.at <= TRENDING_TTL_MS) return held.ids;
  const cache = entry;
  const counting = (cache.counting ??= rows<{ item_id: string }>(
    db,
    sql`
      select item_id from ${shares}
      where published_at > ${new Date(now.getTime() - 7 * 86400_000)} and published_at <= ${now}
        and status = 'published'
      group by item_id order by count(*) desc, item_id limit 60`,
  )
    .then((top) => {
      const ids = top.map((r) => r.item_id);
      cache.ranking = { at: now.getTime(), ids };
      return ids;
    })
    .finally(() => {
      cache.counting = undefined;
    }));
  if (!usable) return counting;
  // The held ranking is shown; a failed count is tried again by the next page.
  counting.catch(() => undefined);
  return held.ids;
}

/** The most shared items of the last seven days that this user may see (see trendingRanking). */
export async function trendingItems(
  db: Db,
  {
    user,
    now = new Date(),
    limit = HOME_SECTION_SIZE,
  }: { user: Pick<SessionUser, "teamId">; now?: Date; limit?: number },
) {
  const ids = await trendingRanking(db, now);
  if (!ids.length) return [];
  const visible = await db
    .select(cardColumns)
    .from(contentItems)
    .where(and(inArray(contentItems.id, ids), isLive(now), visibleToUser(user.teamId, now)));
  return visible.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id)).slice(0, limit);
}

/** Forget the cached trending ranking (tests that arrange shares and read the home page at once). */
export function resetTrendingCache(db: Db) {
  trendingCache.delete(db);
}

/**
 * Visible to a user: in no pack at all, or in at least one live pack aimed at everyone
 * (no targets) or at the user's team.
 */
export function visibleToUser(teamId: string | null, now: Date) {
  return sql`(not exists (select 1 from ${packItems} pi where pi.item_id = ${contentItems.id})
    or exists (select 1 from ${packItems} pi join ${packs} p on p.id = pi.pack_id
               where pi.item_id = ${contentItems.id} and ${packOpenToTeam(teamId, now)}))`;
}

/** A pack (aliased `p`) that is published, inside its live window, and aimed at everyone (no targets) or at this team. */
export function packOpenToTeam(teamId: string | null, now: Date) {
  const aimedAtTeam = teamId
    ? sql`or exists (select 1 from ${packTargets} pt where pt.pack_id = p.id and pt.team_id = ${teamId})`
    : sql``;
  return sql`p.status = 'published'
    and (p.starts_at is null or p.starts_at <= ${now}) and (p.ends_at is null or p.ends_at > ${now})
    and (not exists (select 1 from ${packTargets} pt where pt.pack_id = p.id) ${aimedAtTeam})`;
}

export function isLive(now: Date) {
  return and(
    eq(contentItems.status, "published"),
    or(isNull(contentItems.publishAt), lte(contentItems.publishAt, now)),
    or(isNull(contentItems.expiresAt), gt(contentItems.expiresAt, now)),
  );
}

/** The item a rep may share now: published, live and visible to them; else null. */
export async function getShareableItem(
  db: Db,
  { itemId, user, now = new Date() }: { itemId: string; user: Pick<SessionUser, "teamId">; now?: Date },
) {
  const [item] = await db
    .select({
      id: contentItems.id,
      type: contentItems.type,
      title: contentItems.title,
      summary: contentItems.summary,
      url: contentItems.url,
      imageUrl: contentItems.imageUrl,
      locked: contentItems.locked,
      disclosure: contentItems.disclosure,
    })
    .from(contentItems)
    .where(and(eq(contentItems.id, itemId), isLive(now), visibleToUser(user.teamId, now)))
    .limit(1);
  return item ?? null;
}

/**
 * The suggested message for a network. Where marketing wrote alternatives, each rep gets one of them
 * by a stable hash of their id, so colleagues sharing the same item do not all post the same words.
 */
export async function pickMessageFor(
  db: Db,
  input: { itemId: string; network: Network; userId: string },
): Promise<{ body: string; messageId: string | null }> {
  const alternatives = await db
    .select({ id: contentMessages.id, body: contentMessages.body })
    .from(contentMessages)
    .where(and(eq(contentMessages.itemId, input.itemId), eq(contentMessages.network, input.network)))
    .orderBy(asc(contentMessages.position), asc(contentMessages.createdAt));
  const pick = alternatives.length
    ? alternatives[stableIndex(`${input.userId}:${input.itemId}`, alternatives.length)]
    : undefined;
  if (pick) return { body: pick.body, messageId: pick.id };
  const [item] = await db
    .select({ title: contentItems.title, summary: contentItems.summary })
    .from(contentItems)
    .where(eq(contentItems.id, input.itemId));
  return { body: item ? `${item.title}. ${item.summary}`.trim() : "", messageId: null };
}

function stableIndex(key: string, size: number): number {
  return createHash("sha256").update(key).digest().readUInt32BE(0) % size;
}

/** Colleagues on the user's team who already shared (or queued) this item, most recent first. */
export async function teammatesWhoShared(
  db: Db,
  { itemId, teamId, userId }: { itemId: string; teamId: string | null; userId: string },
) {
  if (!teamId) return [];
  return db
    .selectDistinctOn([users.id], { id: users.id, name: users.name })
    .from(shares)
    .innerJoin(users, eq(users.id, shares.userId))
    .where(
      and(
        eq(shares.itemId, itemId),
        eq(users.teamId, teamId),
        sql`${shares.userId} <> ${userId}`,
        sql`${shares.status} in ('published', 'scheduled', 'publishing')`,
      ),
    )
    .orderBy(users.id)
    .limit(50);
}
