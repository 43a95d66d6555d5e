import { eq, sql } from "drizzle-orm";
import { rows, type Db, type DbHandle } from "../db/client.server";
import { jobLock, lockArgs } from "../db/locks.server";
import { jobRuns } from "../db/schema";

export type JobStats = Record<string, number | string | boolean | null>;
/** A job: one pass over the database as of `now`; returns counts for job_runs. */
export type JobFn = (db: Db, now: Date) => Promise<JobStats>;

export type JobOutcome =
  | { status: "ok"; stats: JobStats; runId: number }
  | { status: "skipped" }
  | { status: "failed"; error: string; runId: number };

/**
 * Runs a job once, recorded in job_runs. On a Postgres server the job holds a transaction-scoped
 * advisory lock for its whole run (jobLock in db/locks.server.ts), so two workers never run the same job
 * at once (the second skips). PGlite is single-process, so there is nobody to race and no lock is taken.
 */
export async function runJob(
  handle: Pick<DbHandle, "db" | "kind">,
  { name, fn, now = new Date(), exclusive }: { name: string; fn: JobFn; now?: Date; exclusive?: boolean },
): Promise<JobOutcome> {
  const execute = async (): Promise<JobOutcome> => {
    const [run] = await handle.db.insert(jobRuns).values({ name, startedAt: new Date() }).returning({ id: jobRuns.id });
    if (!run) throw new Error(`Recording a run of ${name} returned no row`);
    try {
      const stats = await fn(handle.db, now);
      await handle.db
        .update(jobRuns)
        .set({ finishedAt: new Date(), status: "ok", stats })
        .where(eq(jobRuns.id, run.id));
      return { status: "ok", stats, runId: run.id };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await handle.db
        .update(jobRuns)
        .set({ finishedAt: new Date(), status: "failed", error: message })
        .where(eq(jobRuns.id, run.id));
      return { status: "failed", error: message, runId: run.id };
    }
  };
  // Jobs that coordinate through row locks (dispatch) run in every worker at once.
  if (handle.kind === "pglite" || exclusive === false) return execute();
  let outcome: JobOutcome = { status: "skipped" };
  await handle.db.transaction(async (tx) => {
    const [lock] = await rows<{ locked: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${lockArgs(jobLock(name))}) as locked`,
    );
    if (!lock?.locked) return;
    outcome = await execute();
  });
  return outcome;
}
