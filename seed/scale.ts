import { sql } from "drizzle-orm";
import {
  brands,
  contentItems,
  contentMessages,
  linkClicks,
  mentions,
  packItems,
  packs,
  packTargets,
  shares,
  teams,
  users,
} from "../db/schema";
import type { Db } from "../db/client.server";

/** The size of the company the benchmark loads; every volume generated set-based in SQL. */
export const SCALE = {
  teams: 200,
  users: 20_000,
  items: 5_000,
  packs: 500,
  itemsPerPack: 6,
  shares: 2_000_000,
  /** Clicks are drawn per share (mean ~3), landing near 6,000,000. */
  clicksPerShareMean: 3,
  brands: 5,
  mentions: 1_000_000,
  days: 365,
} as const;

export type Scale = { [K in keyof typeof SCALE]: number };

const TOPICS = [
  "cloud",
  "security",
  "observability",
  "automation",
  "finops",
  "itsm",
  "aiops",
  "platform",
  "mainframe",
  "resilience",
  "devops",
  "data",
];
const ADJECTIVES = [
  "practical",
  "modern",
  "hybrid",
  "secure",
  "faster",
  "smarter",
  "resilient",
  "open",
  "scalable",
  "autonomous",
];
const NOUNS = [
  "guide",
  "playbook",
  "benchmark",
  "story",
  "checklist",
  "report",
  "webinar",
  "launch",
  "roadmap",
  "update",
];

const textArray = (values: string[]) => sql.raw(`array[${values.map((v) => `'${v}'`).join(",")}]::text[]`);

/**
 * Generates the company. Steps run one by one and print their time, so a slow step is visible.
 * Deterministic for the same scale (setseed), except for uuids.
 */
export async function seedScale(
  db: Db,
  scale: Scale = SCALE,
  log: (line: string) => void = console.log,
): Promise<void> {
  const step = async (name: string, query: ReturnType<typeof sql>) => {
    const started = performance.now();
    await db.execute(query);
    log(`  ${name.padEnd(28)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  await db.execute(sql`select setseed(0.2026)`);
  await step(
    "teams",
    sql`insert into ${teams} (name) select 'Team ' || lpad(g::text, 3, '0') from generate_series(1, ${scale.teams}) g`,
  );
  await step(
    "users",
    sql`insert into ${users} (email, name, role, team_id, time_zone, created_at, policy_accepted_at)
        select 'user' || g || '@bench.example', 'Bench User ' || g,
               (case when g = 1 then 'admin' when g <= 51 then 'marketer'
                     when g <= 51 + ${scale.teams} then 'manager' else 'rep' end)::role,
               t.ids[1 + (g % ${scale.teams})],
               (array['America/New_York','Europe/London','Europe/Berlin','America/Los_Angeles','Asia/Singapore'])
                 [1 + g % 5],
               now() - interval '400 days', now() - interval '400 days'
        from generate_series(1, ${scale.users}) g, (select array_agg(id order by name) ids from ${teams}) t`,
  );
  await step(
    "content items",
    sql`insert into ${contentItems}
          (type, title, summary, url, image_url, tags, status, publish_at, search_text, created_at)
        select (array['article','blog','ebook','whitepaper','video','news','event','update'])[1 + g % 8]::content_type,
               initcap(a.w) || ' ' || tp.w || ' ' || n.w || ' ' || g,
               'A ' || a.w || ' ' || n.w || ' about ' || tp.w || ' and ' || tp2.w || ' for enterprise teams.',
               'https://www.bench.example/content/' || g,
               '/covers/article.svg',
               array[tp.w, tp2.w],
               'published', now() - (g % ${scale.days}) * interval '1 day',
               tp.w || ' ' || tp2.w || ' Worth a read: ' || a.w || ' ' || n.w,
               now() - (g % ${scale.days}) * interval '1 day'
        from generate_series(1, ${scale.items}) g
        cross join lateral (select (${textArray(ADJECTIVES)})[1 + (g * 7) % ${ADJECTIVES.length}] w) a
        cross join lateral (select (${textArray(TOPICS)})[1 + (g * 5) % ${TOPICS.length}] w) tp
        cross join lateral (select (${textArray(TOPICS)})[1 + (g * 11 + 3) % ${TOPICS.length}] w) tp2
        cross join lateral (select (${textArray(NOUNS)})[1 + (g * 3) % ${NOUNS.length}] w) n`,
  );
  await step(
    "content messages",
    sql`insert into ${contentMessages} (item_id, network, body, position)
        select ci.id, nw.n::network, 'Worth a read: ' || ci.title, 0
        from ${contentItems} ci cross join (values ('linkedin'), ('x'), ('facebook')) nw(n)`,
  );
  await step(
    "packs",
    sql`insert into ${packs} (title, description, status, published_at, starts_at, created_at)
        select 'Campaign ' || g, 'Bench campaign ' || g, 'published', now() - (g % ${scale.days}) * interval '1 day',
               now() - (g % ${scale.days}) * interval '1 day', now() - (g % ${scale.days}) * interval '1 day'
        from generate_series(1, ${scale.packs}) g`,
  );
  await step(
    "pack items and targets",
    sql`with p as (select id, row_number() over (order by created_at, id) rn from ${packs}),
             i as (select array_agg(id order by created_at, id) ids from ${contentItems})
        insert into ${packItems} (pack_id, item_id, position)
        select p.id, i.ids[1 + ((p.rn * ${scale.itemsPerPack} + k) % ${scale.items})], k
        from p, i, generate_series(0, ${scale.itemsPerPack - 1}) k
        on conflict do nothing`,
  );
  await db.execute(sql`
    with p as (select id, row_number() over (order by created_at, id) rn from ${packs}),
         t as (select array_agg(id order by name) ids from ${teams})
    insert into ${packTargets} (pack_id, team_id)
    select p.id, t.ids[1 + ((p.rn + k * 37) % ${scale.teams})] from p, t, generate_series(0, 1) k
    where p.rn % 5 <> 0
    on conflict do nothing`);
  // Shares: skewed towards active reps (power law), spread over the year, mostly published. The tracked
  // destination is computed here, set-based, rather than by the per-row insert trigger that fills it when it
  // is missing (that trigger made this step take 40 minutes).
  await step(
    "shares",
    sql`with reps as (select array_agg(id order by email) ids, count(*)::int n from ${users} where role = 'rep'),
             items as (select array_agg(id order by created_at, id) ids from ${contentItems}),
             picked as (
               select g, reps.ids[1 + floor(reps.n * power(random(), 2.2))::int] as user_id,
                      items.ids[1 + floor(${scale.items} * power(random(), 1.5))::int] as item_id,
                      (array['linkedin','linkedin','x','facebook'])[1 + g % 4] as network,
                      -- At least the 4 characters a link code has (LINK_CODE_PATTERN): b0000001, b0000002, …
                      'b' || lpad(to_hex(g), 7, '0') as link_code,
                      now() - random() * ${scale.days} * interval '1 day' - interval '1 hour' as at
               from generate_series(1, ${scale.shares}) g, reps, items
             )
        insert into ${shares} (user_id, item_id, network, method, text, edited, status, scheduled_at, published_at,
                            attempts, idempotency_key, link_code, destination_url, created_at, updated_at)
        select p.user_id, p.item_id, p.network::network,
               (case when g % 4 = 3 or g % 10 = 0 then 'intent' else 'api' end)::share_method,
               'Worth a read', g % 3 = 0,
               (case when g % 4 = 3 or g % 10 = 0 then 'opened' else 'published' end)::share_status,
               case when g % 5 = 0 then p.at end, p.at, 1,
               'bench-' || g, p.link_code, chorus_tracked_destination(ci.url, p.network, null, p.link_code), p.at, p.at
        from picked p join ${contentItems} ci on ci.id = p.item_id`,
  );
  const triple = scale.clicksPerShareMean * 8;
  await step(
    "link clicks",
    sql`insert into ${linkClicks} (share_id, clicked_at, visitor_hash, is_bot)
        select s.id, s.published_at + random() * interval '3 days', md5(s.link_code || k::text), k % 13 = 0
        from ${shares} s
        cross join lateral generate_series(1, (random() * random() * random() * ${triple})::int + (s.attempts * 0)) k`,
  );
  await step(
    "brands",
    sql`insert into ${brands} (name, is_own, keywords, color)
        select case when g = 1 then 'Benchwind' else 'Rival ' || g end, g = 1,
               array[lower(case when g = 1 then 'benchwind' else 'rival' || g end)],
               (array['#4338ca','#f59e0b','#10b981','#ef4444','#0ea5e9'])[1 + (g - 1) % 5]
        from generate_series(1, ${scale.brands}) g
        on conflict do nothing`,
  );
  await step(
    "mentions",
    sql`with b as (select array_agg(id order by is_own desc, name) ids, count(*)::int n from ${brands})
        insert into ${mentions} (brand_id, network, source, external_id, author, url, text, mentioned_at)
        select b.ids[1 + floor(b.n * power(random(), 1.3))::int],
               (array['linkedin','x','facebook','news'])[1 + g % 4], 'import', 'bench-' || g,
               'author' || (g % 5000), 'https://social.example/p/' || g, 'Mention ' || g,
               now() - random() * ${scale.days} * interval '1 day'
        from generate_series(1, ${scale.mentions}) g, b`,
  );
  await step("analyze", sql`analyze`);
}
