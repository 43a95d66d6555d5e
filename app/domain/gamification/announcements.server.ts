import { sql } from "drizzle-orm";
import { badges, packs, userBadges, users } from "../../../db/schema";
import { enqueueSlack, slackText } from "../slack.server";
import type { Db } from "../../../db/client.server";

/**
 * Award job step: queues a Slack announcement for each badge earned and each pack published since
 * `since` (up to `now`). Each is queued once ever (the outbox's dedupe key), so reruns add nothing.
 */
export function announceBadgesAndPacks(db: Db, since: Date, now: Date): Promise<number> {
  return enqueueSlack(
    db,
    sql`
      select 'badge:' || ub.badge_id || ':' || ub.user_id,
             ':medal: ' || ${slackText(sql`u.name`)} || ' earned the *' || ${slackText(sql`b.name`)}
               || '* badge (' || ${slackText(sql`b.description`)} || ')'
      from ${userBadges} ub
      join ${users} u on u.id = ub.user_id
      join ${badges} b on b.id = ub.badge_id
      where ub.earned_at >= ${since}
      union all
      select 'pack:' || p.id,
             ':package: New pack for sharing: *' || ${slackText(sql`p.title`)} || '*'
               || case when p.description <> '' then ' — ' || ${slackText(sql`p.description`)} else '' end
      from ${packs} p
      where p.status = 'published' and p.published_at >= ${since} and p.published_at <= ${now}`,
  );
}
