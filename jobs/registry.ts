import type { JobFn } from "./runner";
import { maintain } from "./maintain";

/** Every job the worker runs, with its cron schedule. One entry per job module. */
export const JOBS: Record<string, { schedule: string; run: JobFn }> = {
  maintain: { schedule: "7 * * * *", run: maintain },
};
