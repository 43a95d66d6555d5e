import { sql } from "drizzle-orm";
import { brands, mentions, users } from "../db/schema";
import { runJob } from "../jobs/runner";
import { tally } from "../jobs/tally";
import type { Db } from "../db/client.server";

/**
 * Four months of listening-tool mentions for the demo brands (own and competitors, set-based), then one
 * tally so share of voice has numbers from the start (published shares count as own mentions).
 */
export async function seedDemoSov(db: Db): Promise<void> {
  await db.execute(sql`
    insert into ${mentions} (brand_id, network, source, external_id, author, url, text, mentioned_at)
    select b.id, n.network, 'import', 'demo-' || b.slug || '-' || d.day::date || '-' || g,
           (array['@cloudwatcher','@opsdaily','@sre_sam','@techpress','@it_insider','@devopsdiana'])
             [1 + floor(random() * 6)::int],
           'https://listening.example/' || b.slug || '/' || md5(d.day::text || g || b.slug),
           b.name || ' ' || (array['launch got people talking','outage thread','customer story','analyst note',
                                   'conference buzz','pricing debate'])[1 + floor(random() * 6)::int],
           d.day + time '07:00' + random() * interval '14 hours'
    from (select id, name, lower(regexp_replace(name, '[^a-zA-Z]+', '-', 'g')) as slug,
                 case when is_own then 14 when name like 'Contoso%' then 22 else 12 end as daily
          from ${brands}) b
    cross join generate_series((current_date - 120)::timestamp, (current_date - 1)::timestamp, interval '1 day') d(day)
    cross join lateral generate_series(1, greatest(1, (
      b.daily * (0.6 + random() * 0.8) * case when extract(isodow from d.day) > 5 then 0.5 else 1 end
    )::int)) g
    cross join lateral (
      select (array['linkedin','linkedin','x','x','facebook','news'])[1 + floor(random() * 6)::int + g * 0] as network
    ) n
    on conflict (source, external_id) do nothing`);
  // The demo's people joined when the program started, before the back-dated shares (adoption's denominator).
  await db.execute(
    sql`update ${users} set created_at = least(created_at, now() - interval '120 days') where deactivated_at is null`,
  );
  // Recorded in job_runs like a scheduled run; the seed runs before any worker, so no lock is needed.
  const outcome = await runJob({ db, kind: "pglite" }, { name: "tally", fn: tally });
  if (outcome.status === "failed") throw new Error(`Demo tally failed: ${outcome.error}`);
}
