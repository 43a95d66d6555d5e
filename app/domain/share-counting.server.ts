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
  // Written without an OR around the NOT EXISTS, so the planner may make it an anti-join: a hash of the
  // opened shares on a full pass over 2M shares (decision 022), an index probe per share for a few.
  return sql`(${a}.status in ('published', 'opened') and not exists (
      select 1 from ${shares} earlier
      where ${a}.status = 'opened'
        and earlier.user_id = ${a}.user_id and earlier.item_id = ${a}.item_id and earlier.network = ${a}.network
        and earlier.status = 'opened' and (earlier.published_at, earlier.id) < (${a}.published_at, ${a}.id)))`;
}

/**
 * Every share that counts (countedShare's rule), as a subquery of whole `shares` rows, for a pass over all of
 * them at once: every verified share, and per rep, item and network the earliest opened share. Picking that
 * one with DISTINCT ON sorts the 700,000 opened shares of the benchmark company once, where countedShare's
 * anti-join over the whole table sorted all 2M shares and the opened ones again (decision 030: 3.6 → 1.4 s).
 * For a few shares countedShare's index probe is the cheaper of the two. `tests/sharing/unverified.test.ts`
 * checks that both pick the same shares.
 */
export function countedSharesInBulk(): SQL {
  return sql`(
    select * from ${shares} where status = 'published'
    union all
    (select distinct on (user_id, item_id, network) *
     from ${shares}
     where status = 'opened'
     order by user_id, item_id, network, published_at, id))`;
}

/**
 * The ledger's text key of a share's points, for an unverified one only: rep, item and network, so the
 * ledger's unique (kind, source) index itself allows those points once whichever share counts. A verified
 * share's points are keyed by its share_id alone (decision 022): null here.
 */
export function sharePointsSource(alias: string): SQL {
  const a = sql.raw(alias);
  return sql`(case when ${a}.status = 'published' then null
                   else 'opened:' || ${a}.item_id || ':' || ${a}.network || ':' || ${a}.user_id end)`;
}
