import { sql, type SQL } from "drizzle-orm";

/**
 * Every Postgres advisory lock Chorus takes, in one place.
 *
 * Postgres keeps two separate key spaces for advisory locks: one bigint key (`pg_advisory_lock(key)`), and a
 * pair of ints (`pg_advisory_lock(classid, objid)`); a lock in one never conflicts with a lock in the other
 * (pg_locks tells them apart by objsubid 1 and 2). Chorus takes only the two-int form: the first int is a
 * namespace, the second says which lock in it. The fixed locks below live in NAMED; the per-job locks of
 * jobs/runner.ts in JOBS, under a hash of the job name, which may be any int, so no hash can ever equal a
 * fixed lock's id. Add a lock here, with the next id in NAMED, rather than a number where it is taken.
 *
 * (Before, the fixed locks were single bigint keys 7261001–7261004 in the same space as the job hashes.)
 */
export type AdvisoryLock = readonly [namespace: number, id: number];

const NAMED = 7261;
const JOBS = 7262;

export const LOCKS = {
  /** Migrations at start-up: two processes never migrate at once (db/client.server.ts, transaction lock). */
  migrations: [NAMED, 1],
  /** Leaderboard snapshots: two award runs never rewrite the same rows at once (leaderboard.server.ts). */
  leaderboards: [NAMED, 2],
  /** Click counts: two runs never add the same difference twice (click-stats.server.ts). */
  clickStats: [NAMED, 3],
  /** A full ledger load: taken exclusively by the load, shared by page reads that skip it (ledger.server.ts). */
  ledgerLoad: [NAMED, 4],
} as const satisfies Record<string, AdvisoryLock>;

/** The lock that keeps a job single across workers: its name hashed into the JOBS namespace. */
export function jobLock(name: string): AdvisoryLock {
  let h = 0;
  for (const ch of `chorus.job.${name}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return [JOBS, h];
}

/** The lock's two keys as SQL arguments: sql`select pg_advisory_xact_lock(${lockArgs(LOCKS.clickStats)})`. */
export function lockArgs([namespace, id]: AdvisoryLock): SQL {
  return sql`${namespace}::int4, ${id}::int4`;
}
