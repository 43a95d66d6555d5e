import { sql, type SQL } from "drizzle-orm";
import { contentItems, packs, shares, userClickStats, users } from "../../../db/schema";
import { countedShare, SHARED_STATUSES } from "../share-counting.server";

/**
 * Which users a badge evaluation looks at: everyone (a full recompute), or only the users whose
 * shares or clicks changed since the last run, so an incremental run reads a few index ranges.
 */
export interface UserScope {
  all: boolean;
  /** The users, when not everyone. */
  ids?: readonly string[];
  /** A condition on a user id column: "" for everyone, else `and <column> = any(...)`. */
  on(column: string): SQL;
}

export const EVERYONE: UserScope = { all: true, on: () => sql`` };

export function onlyUsers(ids: readonly string[]): UserScope {
  const list = `{${ids.join(",")}}`;
  return { all: false, ids, on: (column) => sql`and ${sql.raw(column)} = any(${list}::uuid[])` };
}

/** Badge rules as SQL: each yields (user_id, progress) for every user in scope with any progress. */
// Unverified (share-page, copy) shares count once per item and network: see share-counting.server.ts.
const BADGE_PROGRESS = {
  // What countedShare counts, per rep: every verified share, and one opened share per item and network (an
  // opened share always has its published_at, so "the earliest" is one per triple). Counted as distinct triples
  // rather than by countedShare's probe per share: 120 → 65 ms for 200 reps, 3.8 → 1.7 s for everyone.
  shares: (scope: UserScope) => sql`
    select user_id, sum(n)::int as progress
    from (
      select user_id, count(*) as n
      from ${shares}
      where status = 'published' ${scope.on("user_id")}
      group by user_id
      union all
      select user_id, count(*)
      from (select distinct user_id, item_id, network from ${shares} where status = 'opened' ${scope.on("user_id")}) o
      group by user_id) counted
    group by user_id`,
  // Distinct pairs first, then counted: `count(distinct network) … group by user_id` needs its input sorted by
  // user, and the planner got that order by walking shares_user_idx over all 2M shares (7 s of random reads on a
  // full recompute); the pairs are hashed from one sequential scan instead (0.5 s).
  networks: (scope: UserScope) => sql`
    select user_id, count(*)::int
    from (select distinct user_id, network from ${shares} where status in ${SHARED_STATUSES} ${scope.on("user_id")}) d
    group by user_id`,
  scheduled_shares: (scope: UserScope) => sql`
    select user_id, count(*)::int
    from ${shares}
    where status = 'published' and scheduled_at is not null ${scope.on("user_id")}
    group by user_id`,
  // Unique visitors come from the counts the award job keeps (user_click_stats), not from the clicks.
  clicks: (scope: UserScope) => sql`
    select user_id, unique_clicks
    from ${userClickStats}
    where unique_clicks > 0 ${scope.on("user_id")}`,
  share_clicks: (scope: UserScope) => sql`
    select user_id, best_share_clicks
    from ${userClickStats}
    where best_share_clicks > 0 ${scope.on("user_id")}`,
  // The first sharer of each item: one probe of shares_item_first_idx per item, whoever is in scope.
  first_to_share: (scope: UserScope) => sql`
    select f.user_id, count(*)::int
    from ${contentItems} i
    cross join lateral (
      select user_id
      from ${shares} o
      where o.item_id = i.id and o.published_at is not null and o.status in ${SHARED_STATUSES}
      order by o.published_at, o.id
      limit 1) f
    where true ${scope.on("f.user_id")}
    group by f.user_id`,
  pack_early: (scope: UserScope) => sql`
    select s.user_id, count(*)::int
    from ${shares} s
    join ${packs} p on p.id = s.pack_id
    where ${countedShare("s")}
      and p.published_at is not null
      and s.published_at between p.published_at and p.published_at + interval '2 hours'
      ${scope.on("s.user_id")}
    group by s.user_id`,
  pack_items: (scope: UserScope) => sql`
    select user_id, max(n)::int
    from (
      select user_id, pack_id, count(distinct item_id) n
      from ${shares}
      where status in ${SHARED_STATUSES} and pack_id is not null ${scope.on("user_id")}
      group by user_id, pack_id) x
    group by user_id`,
  // Working days (Mon-Fri) in the rep's own zone; weekends neither count nor break a streak.
  streak_days: (scope: UserScope) => sql`
    select user_id, max(n)::int
    from (
      select user_id, count(*) n
      from (
        select user_id, idx, idx - row_number() over (partition by user_id order by idx) grp
        from (
          select distinct s.user_id,
                 ((d - date '1970-01-05') / 7) * 5 + ((d - date '1970-01-05') % 7) as idx
          from ${shares} s
          join ${users} u on u.id = s.user_id
          cross join lateral (select (s.published_at at time zone u.time_zone)::date d) local
          where s.status in ${SHARED_STATUSES} and ((d - date '1970-01-05') % 7) < 5 ${scope.on("s.user_id")}) days
        ) islands
      group by user_id, grp) streaks
    group by user_id`,
} satisfies Record<string, (scope: UserScope) => SQL>;

export type BadgeRuleKind = keyof typeof BADGE_PROGRESS;

export function isBadgeRuleKind(kind: string): kind is BadgeRuleKind {
  return Object.hasOwn(BADGE_PROGRESS, kind);
}

export const BADGE_RULE_KINDS: readonly string[] = Object.keys(BADGE_PROGRESS);

/** What each rule counts, for the admin page (the threshold is the N). */
export const BADGE_RULE_LABELS: Readonly<Record<string, string>> = {
  shares: "N published shares",
  networks: "Shared on N different networks",
  scheduled_shares: "N scheduled shares published",
  clicks: "N unique clicks earned in all",
  share_clicks: "One share with N unique clicks",
  first_to_share: "First in the company to share N items",
  pack_early: "N shares within 2 hours of a pack going live",
  pack_items: "N items of one pack shared",
  streak_days: "Shared on N working days in a row (own time zone)",
} satisfies Record<BadgeRuleKind, string>;

/** (user_id, progress) of a rule for the users in scope: the SQL the award job runs. */
export function badgeProgressSql(kind: BadgeRuleKind, scope: UserScope): SQL {
  return sql`select user_id, progress from (${BADGE_PROGRESS[kind](scope)}) as p(user_id, progress)`;
}

/** One user's progress on a rule: the same SQL as the award job, scoped to that user. */
export function progressOfUserSql(kind: BadgeRuleKind, userId: string): SQL {
  return sql`select progress from (${badgeProgressSql(kind, onlyUsers([userId]))}) as p`;
}
