import cron from "node-cron";
import { JOBS } from "./registry";
import { runJob, type JobOutcome } from "./runner";
import type { DbHandle } from "../db/client.server";

/**
 * Schedules every job with node-cron. Used by the worker process, and by the web process itself on
 * the embedded database (PGlite allows one process per data directory, so there is no separate worker).
 */
export function startScheduler(handle: DbHandle, log: (line: string) => void = console.log) {
  // Runs in progress in this process, by job name: a scheduled tick skips a job still running, a run asked
  // for by hand (runNow) waits for it.
  const running = new Map<string, Promise<unknown>>();
  const track = <T>(name: string, run: Promise<T>): Promise<T> => {
    const settled = run.finally(() => running.get(name) === settled && running.delete(name));
    running.set(name, settled);
    return settled;
  };
  const tasks = Object.entries(JOBS).map(([name, job]) =>
    cron.schedule(job.schedule, () => {
      if (running.has(name)) return; // the previous run of this job in this process is still going
      void track(name, tick(name, job));
    }),
  );
  async function tick(name: string, job: (typeof JOBS)[string]) {
    try {
      const outcome = await runJob(handle, { name, fn: job.run, now: new Date(), exclusive: job.exclusive });
      if (outcome.status === "failed") log(`[${name}] failed: ${outcome.error}`);
      // Runs that found nothing to do stay quiet; job_runs records them all.
      else if (outcome.status === "ok" && Object.values(outcome.stats).some((v) => typeof v === "number" && v > 0))
        log(`[${name}] ${JSON.stringify(outcome.stats)}`);
    } catch (error) {
      log(`[${name}] crashed: ${(error as Error).message}`);
    }
  }
  return {
    summary: Object.entries(JOBS)
      .map(([n, j]) => `${n} "${j.schedule}"`)
      .join(", "),
    /**
     * Runs one job now, as `npm run job` would (jobs/control.ts calls it for the CLI on the embedded
     * database), after any run of the same job in progress here: one at a time per job, as on Postgres.
     */
    async runNow(name: string, now: Date): Promise<JobOutcome> {
      const job = JOBS[name];
      if (!job) throw new Error(`unknown job ${name}`);
      for (let run = running.get(name); run; run = running.get(name)) await run.catch(() => undefined);
      return track(name, runJob(handle, { name, fn: job.run, now, exclusive: job.exclusive }));
    },
    /** Stops scheduling and waits for runs in progress to finish. */
    async stop() {
      for (const task of tasks) task.stop();
      while (running.size) await new Promise((r) => setTimeout(r, 100));
    },
  };
}
