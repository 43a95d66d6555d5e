import { isNull, sql } from "drizzle-orm";
import { rows, type Db } from "../../../db/client.server";
import { badges, notifications, userBadges, users } from "../../../db/schema";
import { readJobState, writeJobState } from "../job-state.server";
import { ledgerAndRollup, ledgerRow } from "../ledger.server";
import { badgeProgressSql, type BadgeRuleKind, EVERYONE, isBadgeRuleKind, type UserScope } from "./rules.server";

/** The job state under which the award run keeps which badges it has already checked for everyone. */
export const BADGES_STATE = "award.badges";

/** Award job step: every badge whose threshold a user in scope reached, once, with its bonus and a notification. */
export async function awardBadges(db: Db, now: Date, scope: UserScope): Promise<number> {
  const active = await db
    .select({ id: badges.id, ruleKind: badges.ruleKind, threshold: badges.threshold })
    .from(badges)
    .where(isNull(badges.retiredAt));
  type Badge = (typeof active)[number];
  // A badge that is new (or back from retirement) since the last run is checked for everyone once.
  const evaluated = new Set((await readJobState<{ ids: string[] }>(db, BADGES_STATE))?.ids ?? []);
  // Nobody touched since the last run and the same badges as then (none new, none retired, so the state
  // stays as written): nothing can be earned. The award job runs every 30 s (decision 021); this is its
  // usual case.
  if (scope.ids?.length === 0 && evaluated.size === active.length && active.every((b) => evaluated.has(b.id))) return 0;
  // Badges by rule and scope (first share and Centurion both count shares): one statement per group
  // reads the rule's progress once and awards every badge of the group whose threshold was reached,
  // set-based in the database (a full recompute has hundreds of thousands of earners).
  const groups = new Map<string, { kind: BadgeRuleKind; scope: UserScope; badges: Badge[] }>();
  for (const badge of active) {
    if (!isBadgeRuleKind(badge.ruleKind)) continue;
    const badgeScope = evaluated.has(badge.id) ? scope : EVERYONE;
    const key = `${badge.ruleKind}:${badgeScope.all}`;
    const group = groups.get(key) ?? { kind: badge.ruleKind, scope: badgeScope, badges: [] };
    group.badges.push(badge);
    groups.set(key, group);
  }
  // The groups run side by side on the pool's connections; each is all or nothing, and once (the keys
  // of user_badges, the ledger and the notifications). Every one is waited for before the state moves.
  const results = await Promise.allSettled([...groups.values()].map((g) => awardGroup(db, now, g)));
  for (const r of results) if (r.status === "rejected") throw r.reason;
  const awarded = results.reduce((sum, r) => sum + (r.status === "fulfilled" ? r.value : 0), 0);
  await writeJobState(db, { name: BADGES_STATE, value: { ids: active.map((b) => b.id) }, now });
  return awarded;
}

/** One rule's badges for its scope: progress, earners, badges, bonus points, rollup and notifications in one statement. */
async function awardGroup(
  db: Db,
  now: Date,
  group: { kind: BadgeRuleKind; scope: UserScope; badges: Array<{ id: string; threshold: number }> },
): Promise<number> {
  const ids = `{${group.badges.map((b) => b.id).join(",")}}`;
  const thresholds = `{${group.badges.map((b) => b.threshold).join(",")}}`;
  const [row] = await rows<{ earned: number }>(
    db,
    sql`
      with progress as (
             select p.user_id, p.progress
             from (${badgeProgressSql(group.kind, group.scope)}) as p
             join ${users} u on u.id = p.user_id and u.deactivated_at is null),
           earned as (
             insert into ${userBadges} (user_id, badge_id, earned_at)
             select p.user_id, b.badge_id, ${now}
             from progress p
             join unnest(${ids}::uuid[], ${thresholds}::int[]) as b(badge_id, threshold) on p.progress >= b.threshold
             order by p.user_id, b.badge_id -- two runs at once take the keys in the same order
             on conflict do nothing
             returning user_id, badge_id),
           ${ledgerAndRollup(sql`
             select ${ledgerRow({
               userId: sql`e.user_id`,
               kind: "badge",
               points: sql`b.bonus_points`,
               sourceId: sql`e.badge_id`,
               createdAt: sql`${now}::timestamptz`,
             })}
             from earned e
             join ${badges} b on b.id = e.badge_id
             where b.bonus_points > 0`)},
           notes as (
             insert into ${notifications} (user_id, kind, title, body, link, dedupe_key)
             select e.user_id, 'badge', 'New badge: ' || b.name, '', '/me', 'badge:' || e.badge_id
             from earned e
             join ${badges} b on b.id = e.badge_id
             on conflict do nothing
             returning 1)
      select (select count(*)::int from earned) as earned`,
  );
  return row?.earned ?? 0;
}
