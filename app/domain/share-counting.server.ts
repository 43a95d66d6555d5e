import { sql, type SQL } from "drizzle-orm";
import { shares } from "../../db/schema";

/**
 * What a share is worth to points, badges, challenges and share of voice (decision 014).
 *
 * A `published` share was posted through the network's API: verified, and each one counts. An `opened`
 * share is one the rep took to the network's own share page or copied: we cannot tell whether, or how
 * often, it was posted, so per rep, item and network only the first one counts. Copying one item twenty
 * times is one share, not twenty.
 */
export const VERIFIED = sql`'published'`;
export const UNVERIFIED = sql`'opened'`;
/** Both kinds, for rules where repeats cannot add anything (distinct networks, days, items). */
export const SHARED_STATUSES = sql`('published', 'opened')`;

/** True for the shares that count (see above); `alias` is the shares row being tested. */
export function countedShare(alias: string): SQL {
  const a = sql.raw(alias);
  // The earliest opened share of its kind is the one that counts: a fact of the data, so a recompute or
  // a per-day recount (share of voice) picks the same one. Probed through shares_user_item_idx.
  return sql`(${a}.status = 'published' or (${a}.status = 'opened' and not exists (
      select 1 from ${shares} earlier
      where earlier.user_id = ${a}.user_id and earlier.item_id = ${a}.item_id and earlier.network = ${a}.network
        and earlier.status = 'opened' and (earlier.published_at, earlier.id) < (${a}.published_at, ${a}.id))))`;
}

/**
 * The ledger source of a share's points: the share for a verified one; rep, item and network for an
 * unverified one, so the ledger's unique (kind, source) key itself allows those points once.
 */
export function sharePointsSource(alias: string): SQL {
  const a = sql.raw(alias);
  return sql`(case when ${a}.status = 'published' then ${a}.id::text
                   else 'opened:' || ${a}.item_id || ':' || ${a}.network || ':' || ${a}.user_id end)`;
}
