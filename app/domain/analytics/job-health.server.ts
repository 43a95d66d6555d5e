import { and, isNotNull, lt, sql } from "drizzle-orm";
import { rows, type Db } from "../../../db/client.server";
import { jobRuns } from "../../../db/schema";

/** Job health: the last runs of every background job, for the admin's jobs page. */

export interface JobRun {
  id: number;
  name: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: string;
  stats: Record<string, unknown> | null;
  error: string | null;
  durationMs: number | null;
}

/** The last runs of every job (from job_runs), newest first, plus registered jobs that never ran. */
export async function jobHealth(db: Db, registered: string[], perJob = 5) {
  const raw = await rows<{
    id: number;
    name: string;
    started_at: Date;
    finished_at: Date | null;
    status: string;
    stats: Record<string, unknown> | null;
    error: string | null;
    duration_ms: number | null;
  }>(
    db,
    sql`
      select id::int as id, name, started_at, finished_at, status, stats, error,
             (extract(epoch from (finished_at - started_at)) * 1000)::int as duration_ms
      from (
        select r.*, row_number() over (partition by name order by started_at desc) as rn
        from ${jobRuns} r
      ) x
      where rn <= ${perJob}
      order by name, started_at desc`,
  );
  const runs = raw.map((r): JobRun => ({
    id: r.id,
    name: r.name,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    stats: r.stats,
    error: r.error,
    durationMs: r.duration_ms,
  }));
  const names = [...new Set([...registered, ...runs.map((r) => r.name)])].sort();
  return names.map((name) => ({
    name,
    registered: registered.includes(name),
    runs: runs.filter((r) => r.name === name),
  }));
}

/** How long finished runs stay in job_runs: the award job alone records 2,880 runs a day (every 30 s). */
export const JOB_RUNS_KEPT_DAYS = 14;

/** Deletes finished runs older than JOB_RUNS_KEPT_DAYS (a run still going is kept whatever its age). */
export async function pruneJobRuns(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - JOB_RUNS_KEPT_DAYS * 86_400_000);
  const deleted = await db
    .delete(jobRuns)
    .where(and(lt(jobRuns.startedAt, before), isNotNull(jobRuns.finishedAt)))
    .returning({ id: jobRuns.id });
  return deleted.length;
}
