import { eq, sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "../../../db/client.server";
import { brands, jobState, mentions, shares, sovDaily } from "../../../db/schema";
import { readJobState, writeJobState } from "../job-state.server";
import { countedShare, SHARED_STATUSES } from "../share-counting.server";

/**
 * The share of voice tally: sov_daily, recounted from mentions and shares day by day (decision 006).
 * The tally job (jobs/tally.ts) runs `tallyShareOfVoice`; the import recounts the days it touched at once.
 */

/** The tally job's watermark lives in job_state under this name. */
export const TALLY_STATE = "tally";

/** Shares whose published_at was set a little before their transaction committed are picked up on the next run. */
const SHARE_OVERLAP_MS = 24 * 3600_000;

interface TallyState {
  mentionsSince: string;
  sharesSince: string;
}

export type TallyStats = { full: true; rows: number } | { full: false; daysRecounted: number };

/**
 * Share of voice tally: every UTC day touched by mentions stored, or shares published, since the watermark
 * is recounted whole into sov_daily. Without a watermark (first run, after `forgetTallyWatermark`, or after
 * the own brand changed) everything is recomputed, which yields the same table.
 */
export async function tallyShareOfVoice(db: Db, now: Date): Promise<TallyStats> {
  const state = await readJobState<TallyState>(db, TALLY_STATE);
  const startedAt = await mentionsWatermark(db);
  const stats: TallyStats = state
    ? {
        full: false,
        daysRecounted: await rollupTouchedDays(db, {
          mentionsSince: new Date(state.mentionsSince),
          sharesSince: new Date(Date.parse(state.sharesSince) - SHARE_OVERLAP_MS),
        }),
      }
    : { full: true, rows: await rollupAll(db) };
  const value: TallyState = { mentionsSince: startedAt.toISOString(), sharesSince: now.toISOString() };
  await writeJobState(db, { name: TALLY_STATE, value, now });
  return stats;
}

/** Makes the next tally recompute sov_daily from scratch (after a reset, or when the own brand changed). */
export async function forgetTallyWatermark(db: Db): Promise<void> {
  await db.delete(jobState).where(eq(jobState.name, TALLY_STATE));
}

async function clock(db: Db, query: SQL): Promise<Date> {
  const [row] = await rows<{ at: string | Date }>(db, query);
  if (!row) throw new Error("The database returned no time.");
  return new Date(row.at);
}

/** The database's clock (transaction start): what mentions.created_at is compared against. */
export function dbNow(db: Db): Promise<Date> {
  return clock(db, sql`select now() as at`);
}

/**
 * A safe watermark for mentions.created_at: now, or the start of the oldest transaction still open in this
 * database if earlier, since that transaction may yet commit mentions stamped with its start time.
 */
export function mentionsWatermark(db: Db): Promise<Date> {
  return clock(
    db,
    sql`
      select least(
        now(),
        (select min(xact_start)
         from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null)
      ) as at`,
  );
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
  // The first and last day as constants too: through the join alone the planner cannot see the bounds,
  // estimates a sixth of all shares, and hashes every opened share for countedShare's anti-join.
  const sorted = days ? [...days].sort() : [];
  const inDays = (column: SQL) =>
    list
      ? sql`
          join (select unnest(array[${list}]) as day) d
            on ${column} >= ${dayStart(sql`d.day`)} and ${column} < ${dayEnd(sql`d.day`)}
           and ${column} >= ${dayStart(sql`${sorted[0]}::date`)}
           and ${column} < ${dayEnd(sql`${sorted[sorted.length - 1]}::date`)}`
      : sql``;
  await db.transaction(async (tx) => {
    // A few days' recount reads a few thousand rows; its estimates can still pass the JIT thresholds, and
    // compiling the plan took longer than running it (most of an incremental run's 0.4 s).
    if (list) await tx.execute(sql`set local jit = off`);
    await tx.execute(list ? sql`delete from ${sovDaily} where day in (${list})` : sql`delete from ${sovDaily}`);
    await tx.execute(sql`
      insert into ${sovDaily} (day, brand_id, network, source, count)
      select (m.mentioned_at at time zone 'UTC')::date, m.brand_id, m.network, m.source, count(*)::int
      from ${mentions} m ${inDays(sql`m.mentioned_at`)}
      where m.source <> 'share'
      group by 1, 2, 3, 4
      on conflict (day, brand_id, network, source) do update set count = excluded.count`);
    await tx.execute(sql`
      insert into ${sovDaily} (day, brand_id, network, source, count)
      select (s.published_at at time zone 'UTC')::date,
             b.id,
             s.network::text,
             (case when s.status = 'published' then 'share' else 'opened_share' end)::mention_source,
             count(*)::int
      from ${shares} s ${inDays(sql`s.published_at`)}
      cross join (select id from ${brands} where is_own order by created_at limit 1) b
      where s.published_at is not null and ${countedShare("s")}
      group by 1, 2, 3, 4
      on conflict (day, brand_id, network, source) do update set count = excluded.count`);
  });
}

/** Rebuilds sov_daily from scratch; returns its row count. */
export async function rollupAll(db: Db): Promise<number> {
  await recountDays(db, null);
  const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from ${sovDaily}`);
  return row?.n ?? 0;
}

/**
 * Recounts every UTC day that has a mention stored since `mentionsSince` or a share published since
 * `sharesSince`. Days are recounted whole, so running it twice, concurrently or with an overlapping
 * watermark gives the same rows. Returns how many days were recounted.
 */
export async function rollupTouchedDays(db: Db, since: { mentionsSince: Date; sharesSince?: Date }): Promise<number> {
  const sharesDays = since.sharesSince
    ? sql`
        union
        select (published_at at time zone 'UTC')::date::text
        from ${shares}
        where published_at >= ${since.sharesSince} and status in ${SHARED_STATUSES}`
    : sql``;
  const days = await rows<{ day: string }>(
    db,
    sql`
      select (mentioned_at at time zone 'UTC')::date::text as day
      from ${mentions}
      where created_at >= ${since.mentionsSince}
      ${sharesDays}
      order by 1`,
  );
  const unique = [...new Set(days.map((d) => d.day))];
  for (let i = 0; i < unique.length; i += 31) await recountDays(db, unique.slice(i, i + 31));
  return unique.length;
}
