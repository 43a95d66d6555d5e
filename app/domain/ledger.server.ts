import { getTableName, sql, type SQL } from "drizzle-orm";
import { rows, type Db } from "../../db/client.server";
import { LOCKS, lockArgs } from "../../db/locks.server";
import { pointEvents, userPointsDaily } from "../../db/schema";

/** The columns of a ledger row, in the order candidate rows give them (see ledgerRow). */
export const LEDGER_COLUMNS = sql.raw("user_id, kind, points, share_id, source_id, day, source, created_at");

/**
 * One candidate ledger row's select list: its key is typed by kind (decision 022) — `shareId` for a
 * share, `shareId` and `day` for a share-day's clicks, `sourceId` (badge, challenge) for a bonus — or
 * the text `source` where no typed key fits. Missing parts are nulls.
 */
export function ledgerRow(row: {
  userId: SQL;
  kind: string;
  points: SQL;
  shareId?: SQL;
  sourceId?: SQL;
  day?: SQL;
  source?: SQL;
  createdAt: SQL;
}): SQL {
  return sql`${row.userId} as user_id, ${row.kind}::text as kind, ${row.points} as points,
             ${row.shareId ?? sql`null`}::uuid as share_id, ${row.sourceId ?? sql`null`}::uuid as source_id,
             ${row.day ?? sql`null`}::date as day, ${row.source ?? sql`null`}::text as source,
             ${row.createdAt} as created_at`;
}

/**
 * Ledger rows and the daily rollup move together in one statement: the insert skips rows whose key
 * exists (any of the ledger's unique indexes, one per kind), and only the rows it really inserted are
 * added to user_points_daily. So a rerun, a concurrent run or a crashed run never counts anything twice.
 */
export function ledgerAndRollup(candidates: SQL) {
  return sql`inserted as (
      insert into ${pointEvents} (${LEDGER_COLUMNS})
      select ${LEDGER_COLUMNS} from (${candidates}) as c
      on conflict do nothing
      returning user_id, points, created_at),
    rolled as (
      insert into ${userPointsDaily} as d (user_id, day, points)
      select user_id, (created_at at time zone 'UTC')::date, sum(points)::int from inserted group by 1, 2
      -- In key order: statements side by side (the badge groups) take the rows' locks in the same order.
      order by 1, 2
      on conflict (user_id, day) do update set points = d.points + excluded.points
      returning 1)`;
}

export function insertPoints(candidates: SQL) {
  return sql`with ${ledgerAndRollup(candidates)} select (select count(*)::int from inserted) as inserted`;
}

/**
 * Runs a ledger insert and returns how many rows it added. A full recompute groups millions of clicks:
 * the statement gets more sort memory than Postgres's 4 MB default so it does not spill to disk.
 */
export async function awardedCount(db: Db, query: SQL): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '256MB'`);
    const [row] = await rows<{ inserted: number }>(tx, query);
    return row?.inserted ?? 0;
  });
}

/**
 * A page's read of the ledger (points challenges), or null while a full recompute is loading it: the
 * page says so instead of holding a connection for the minute the load takes. The shared lock keeps a
 * load from starting until the read is done.
 */
export async function readLedgerUnlessLoading<T>(db: Db, query: SQL): Promise<T[] | null> {
  return db.transaction(async (tx) => {
    const [free] = await rows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock_shared(${lockArgs(LOCKS.ledgerLoad)}) as ok`,
    );
    return free?.ok ? rows<T>(tx, query) : null;
  });
}

/**
 * A full recompute on an empty ledger writes millions of rows at once. Keeping the indexes up to date
 * row by row (a unique text key in random order) was most of its time, so — as Postgres's own advice
 * for populating a table goes — they are dropped, the rows go in bare, and they are rebuilt once,
 * sorted. The definitions are read from the catalog, so they stay exactly what the migrations made.
 * All in one transaction: a crash leaves the tables and their indexes as they were.
 *
 * Locks: the ledger is held for the whole load (only the award job reads it; the challenges page
 * skips it meanwhile, see readLedgerUnlessLoading);
 * the daily rollup, which pages read, only while it is filled and indexed at the end (seconds). Until
 * the commit, pages see what was there before (nothing, after a reset).
 *
 * `load` inserts ledger rows (plain inserts: both tables are empty, nothing can clash); the daily rollup
 * is then summed from the ledger. Returns null and changes nothing when the ledger is not empty for
 * these kinds or the rollup has rows: the caller takes the row-by-row path.
 */
export async function bulkLoadLedger<T>(
  db: Db,
  kinds: readonly string[],
  load: (tx: Db) => Promise<T>,
): Promise<T | null> {
  return db.transaction(async (tx) => {
    // Announced to page reads first (readLedgerUnlessLoading), so none of them queues behind the load.
    await tx.execute(sql`select pg_advisory_xact_lock(${lockArgs(LOCKS.ledgerLoad)})`);
    await tx.execute(sql`lock table ${pointEvents} in access exclusive mode`);
    await tx.execute(sql`lock table ${userPointsDaily} in share row exclusive mode`); // writers wait, readers do not
    const [busy] = await rows(
      tx,
      sql`
        select 1
        where exists (select 1 from ${pointEvents} where kind = any(${`{${kinds.join(",")}}`}::text[]))
           or exists (select 1 from ${userPointsDaily})`,
    );
    if (busy) return null;
    await tx.execute(sql`set local work_mem = '256MB'`);
    // Index builds over 5M rows sort in memory (a parallel build shares this among its workers): 2.8 → 2.5 s for the largest.
    await tx.execute(sql`set local maintenance_work_mem = '1GB'`);
    // A partial index of another kind (badges, challenges) gets no row from the load: it stays, rather than
    // being rebuilt by a scan of millions of rows that adds nothing to it.
    const loadedKind = (def: string) => {
      const only = /WHERE \(kind = '(\w+)'::text\)$/.exec(def)?.[1];
      return only === undefined || kinds.includes(only);
    };
    const loaded = await withoutIndexes(tx, pointEvents, () => load(tx), loadedKind);
    await withoutIndexes(tx, userPointsDaily, () => sumRollupFromLedger(tx));
    return loaded;
  });
}

/**
 * The daily rollup of the whole ledger (millions of rows, millions of person-days), stored in key order: a
 * person's days share a few pages, so the incremental run's reads of a few hundred people (levels,
 * leaderboards) touch hundreds of pages, not tens of thousands.
 *
 * Postgres runs no part of an `insert … select` in parallel, but it does a `create table … as`: the sums are
 * made by a parallel sort and group into a temporary table, then copied in that order. A hash aggregate of
 * 2.9M groups held 400 MB and took longer than the sort (decision 030: 10.0 s in one statement, 4.3 s so).
 */
async function sumRollupFromLedger(tx: Db): Promise<void> {
  await tx.execute(sql`set local enable_hashagg = off`);
  await tx.execute(sql`
    create temporary table ledger_rollup on commit drop as
    select user_id, (created_at at time zone 'UTC')::date as day, sum(points)::int as points
    from ${pointEvents}
    group by 1, 2
    order by 1, 2`);
  await tx.execute(sql`set local enable_hashagg = on`);
  await tx.execute(
    sql`insert into ${userPointsDaily} (user_id, day, points) select user_id, day, points from ledger_rollup`,
  );
  await tx.execute(sql`drop table ledger_rollup`);
}

/**
 * Runs `fill` with the table's primary key, unique constraints and other indexes dropped, then builds
 * them again from their catalog definitions. Foreign keys are never dropped: that would lock the table
 * they point to (users, which every page reads) until the commit.
 */
async function withoutIndexes<T>(
  tx: Db,
  table: typeof pointEvents | typeof userPointsDaily,
  fill: () => Promise<T>,
  /** Which of the indexes that are not constraints to drop, by definition (all by default). */
  drops: (indexDef: string) => boolean = () => true,
): Promise<T> {
  const name = getTableName(table);
  const constraints = await rows<{ name: string; def: string }>(
    tx,
    sql`
      select conname as name, pg_get_constraintdef(oid) as def
      from pg_constraint
      where conrelid = ${name}::regclass and contype in ('p', 'u')
      order by conname`,
  );
  const all = await rows<{ name: string; def: string }>(
    tx,
    sql`
      select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
      from pg_index i
      where i.indrelid = ${name}::regclass
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.conrelid = i.indrelid)`,
  );
  const indexes = all.filter((i) => drops(i.def));
  for (const c of constraints) await tx.execute(sql`alter table ${table} drop constraint ${sql.identifier(c.name)}`);
  for (const i of indexes) await tx.execute(sql.raw(`drop index ${i.name}`));
  const filled = await fill();
  // The definition is Postgres's own text (pg_get_constraintdef), so it goes in as it is.
  for (const c of constraints)
    await tx.execute(sql`alter table ${table} add constraint ${sql.identifier(c.name)} ${sql.raw(c.def)}`);
  for (const i of indexes) await tx.execute(sql.raw(i.def));
  return filled;
}
