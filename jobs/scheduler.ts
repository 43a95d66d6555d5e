import cron from "node-cron";
import type { DbHandle } from "../db/client.server";
import { JOBS } from "./registry";
import { runJob } from "./runner";

/**
 * Schedules every job with node-cron. Used by the worker process, and by the web process itself on
 * the embedded database (PGlite allows one process per data directory, so there is no separate worker).
 */
export function startScheduler(handle: DbHandle, log: (line: string) => void = console.log) {
  const running = new Set<string>();
  const tasks = Object.entries(JOBS).map(([name, job]) =>
    cron.schedule(job.schedule, async () => {
      if (running.has(name)) return; // the previous run of this job in this process is still going
      running.add(name);
      try {
        const outcome = await runJob(handle, name, job.run, new Date(), { exclusive: job.exclusive });
        if (outcome.status === "failed") log(`[${name}] failed: ${outcome.error}`);
        // Runs that found nothing to do stay quiet; job_runs records them all.
        else if (outcome.status === "ok" && Object.values(outcome.stats).some((v) => typeof v === "number" && v > 0)) log(`[${name}] ${JSON.stringify(outcome.stats)}`);
      } catch (error) {
        log(`[${name}] crashed: ${(error as Error).message}`);
      } finally {
        running.delete(name);
      }
    }),
  );
  return {
    summary: Object.entries(JOBS).map(([n, j]) => `${n} "${j.schedule}"`).join(", "),
    /** Stops scheduling and waits for runs in progress to finish. */
    async stop() {
      for (const task of tasks) task.stop();
      while (running.size) await new Promise((r) => setTimeout(r, 100));
    },
  };
}
