import { resetAwards } from "../app/domain/gamification/award-run.server";
import { announce } from "./announce";
import { award } from "./award";
import { dispatch } from "./dispatch";
import { maintain } from "./maintain";
import { resetTally, tally } from "./tally";
import type { JobFn } from "./runner";

export interface JobDefinition {
  schedule: string;
  run: JobFn;
  /** Forgets the job's derived state and watermark, so the next run recomputes from scratch (benchmark, tests). */
  reset?: (db: Parameters<JobFn>[0]) => Promise<void>;
  /** false: every worker may run it at once (it claims rows with SKIP LOCKED); default: one at a time. */
  exclusive?: boolean;
}

/** Every job the worker runs, with its cron schedule. One entry per job module. */
export const JOBS: Record<string, JobDefinition> = {
  maintain: { schedule: "7 * * * *", run: maintain },
  dispatch: { schedule: "* * * * *", run: dispatch, exclusive: false },
  // Every 30 s (node-cron's six-field form, seconds first): a share reaches the meeting wall within a minute
  // (decision 021). A run with nothing new costs tens of milliseconds on the demo company.
  award: { schedule: "*/30 * * * * *", run: award, reset: resetAwards },
  tally: { schedule: "*/15 * * * *", run: tally, reset: resetTally },
  announce: { schedule: "* * * * *", run: announce },
};
