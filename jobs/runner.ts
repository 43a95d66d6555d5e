import { desc, eq, sql } from "drizzle-orm";
import { jobRuns } from "../db/schema";
import type { Db, DbHandle } from "../db/client.server";

export type JobStats = Record<string, number | string | boolean | null>;
/** A job: one pass over the database as of `now`; returns counts for job_runs. */
export type JobFn = (db: Db, now: Date) => Promise<JobStats>;

/** A stable advisory-lock key per job name. */
export function lockKey(name: string): number {
  let h = 0;
  for (const ch of `chorus.job.${name}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

export type JobOutcome =
  | { status: "ok"; stats: JobStats; runId: number }
  | { status: "skipped" }
  | { status: "failed"; error: string; runId: number };

/**
 * Runs a job once, recorded in job_runs. On a Postgres server the job holds a transaction-scoped
 * advisory lock for its whole run, so two workers never run the same job at once (the second skips).
 * PGlite is single-process, so there is nobody to race and no lock is taken.
 */
export async function runJob(
  handle: Pick<DbHandle, "db" | "kind">,
  name: string,
  fn: JobFn,
  now = new Date(),
  options: { exclusive?: boolean } = {},
): Promise<JobOutcome> {
  const execute = async (): Promise<JobOutcome> => {
    const [run] = await handle.db.insert(jobRuns).values({ name, startedAt: new Date() }).returning({ id: jobRuns.id });
    try {
      const stats = await fn(handle.db, now);
      await handle.db
        .update(jobRuns)
        .set({ finishedAt: new Date(), status: "ok", stats })
        .where(eq(jobRuns.id, run!.id));
      return { status: "ok", stats, runId: run!.id };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await handle.db
        .update(jobRuns)
        .set({ finishedAt: new Date(), status: "failed", error: message })
        .where(eq(jobRuns.id, run!.id));
      return { status: "failed", error: message, runId: run!.id };
    }
  };
  // Jobs that coordinate through row locks (dispatch) run in every worker at once.
  if (handle.kind === "pglite" || options.exclusive === false) return execute();
  let outcome: JobOutcome = { status: "skipped" };
  await handle.db.transaction(async (tx) => {
    const result = (await tx.execute(sql`select pg_try_advisory_xact_lock(${lockKey(name)}) as locked`)) as unknown as {
      rows: { locked: boolean }[];
    };
    if (!result.rows[0]?.locked) return;
    outcome = await execute();
  });
  return outcome;
}

export function lastRuns(db: Db, name: string, limit = 10) {
  return db.select().from(jobRuns).where(eq(jobRuns.name, name)).orderBy(desc(jobRuns.startedAt)).limit(limit);
}
