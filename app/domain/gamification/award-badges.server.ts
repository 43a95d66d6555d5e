import { isNull, sql } from "drizzle-orm";
import { rows, type Db } from "../../../db/client.server";
import { badges, notifications, userBadges, users } from "../../../db/schema";
import { readJobState, writeJobState } from "../job-state.server";
import { ledgerAndRollup } from "../ledger.server";
import { badgeProgressSql, EVERYONE, isBadgeRuleKind, type UserScope } from "./rules.server";

/** The job state under which the award run keeps which badges it has already checked for everyone. */
export const BADGES_STATE = "award.badges";

/** Award job step: every badge whose threshold a user in scope reached, once, with its bonus and a notification. */
export async function awardBadges(db: Db, now: Date, scope: UserScope): Promise<number> {
  let awarded = 0;
  const active = await db
    .select({ id: badges.id, ruleKind: badges.ruleKind, threshold: badges.threshold })
    .from(badges)
    .where(isNull(badges.retiredAt));
  type Badge = (typeof active)[number];
  // A badge that is new (or back from retirement) since the last run is checked for everyone once.
  const evaluated = new Set((await readJobState<{ ids: string[] }>(db, BADGES_STATE))?.ids ?? []);
  // Progress is read once per rule and scope (first share and Centurion both count shares), as a
  // plain query the planner handles well; each badge then takes its earners in one statement.
  const progressOf = new Map<string, Promise<Array<{ user_id: string; progress: number }>>>();
  // For a few users, the badges they already hold are read once, so most badges need no insert at all.
  const held = scope.ids
    ? new Set(
        (
          await rows<{ key: string }>(
            db,
            sql`select badge_id || ':' || user_id as key from ${userBadges} where true ${scope.on("user_id")}`,
          )
        ).map((r) => r.key),
      )
    : null;
  const scopeOf = (badge: Badge) => (evaluated.has(badge.id) ? scope : EVERYONE);
  const keyOf = (badge: Badge) => `${badge.ruleKind}:${scopeOf(badge).all}`;
  // Every rule's progress is asked for at once: the reads run side by side on the pool's connections.
  for (const badge of active) {
    const key = keyOf(badge);
    if (!isBadgeRuleKind(badge.ruleKind) || progressOf.has(key)) continue;
    const read = rows<{ user_id: string; progress: number }>(
      db,
      sql`
        select p.user_id, p.progress
        from (${badgeProgressSql(badge.ruleKind, scopeOf(badge))}) as p
        join ${users} u on u.id = p.user_id and u.deactivated_at is null`,
    );
    read.catch(() => undefined); // a failure surfaces where it is awaited below, not as an unhandled rejection
    progressOf.set(key, read);
  }
  const earnerIds: string[] = [];
  const earnerBadges: string[] = [];
  for (const badge of active) {
    const read = progressOf.get(keyOf(badge));
    if (!read) continue;
    const badgeScope = scopeOf(badge);
    for (const p of await read) {
      if (p.progress < badge.threshold || (badgeScope === scope && held?.has(`${badge.id}:${p.user_id}`))) continue;
      earnerIds.push(p.user_id);
      earnerBadges.push(badge.id);
    }
  }
  if (earnerIds.length) {
    // Badges, bonus points, rollup and notifications in one statement: all or nothing, and once.
    const [row] = await rows<{ earned: number }>(
      db,
      sql`
        with candidates as (
               select unnest(${`{${earnerIds.join(",")}}`}::uuid[]) as user_id,
                      unnest(${`{${earnerBadges.join(",")}}`}::uuid[]) as badge_id),
             earned as (
               insert into ${userBadges} (user_id, badge_id, earned_at)
               select user_id, badge_id, ${now} from candidates
               on conflict do nothing
               returning user_id, badge_id),
             ${ledgerAndRollup(sql`
               select e.user_id, 'badge'::text as kind, b.bonus_points as points,
                      e.badge_id || ':' || e.user_id as source, ${now}::timestamptz as created_at
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
    awarded = row?.earned ?? 0;
  }
  await writeJobState(db, { name: BADGES_STATE, value: { ids: active.map((b) => b.id) }, now });
  return awarded;
}
