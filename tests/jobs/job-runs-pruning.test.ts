import { describe, expect, it } from "vitest";
import { JOB_RUNS_KEPT_DAYS, pruneJobRuns } from "~/domain/analytics/job-health.server";
import { runMaintenance } from "~/domain/maintenance.server";
import { jobRuns } from "../../db/schema";
import { useTestDb } from "../helpers/test-db";

describe("job_runs pruning", () => {
  const t = useTestDb();
  const NOW = new Date("2026-12-30T10:00:00Z");
  const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

  it("deletes finished runs older than the kept days and keeps newer ones and runs still going", async () => {
    await t.db.insert(jobRuns).values([
      {
        name: "award",
        startedAt: daysAgo(JOB_RUNS_KEPT_DAYS + 1),
        finishedAt: daysAgo(JOB_RUNS_KEPT_DAYS + 1),
        status: "ok",
      },
      {
        name: "award",
        startedAt: daysAgo(JOB_RUNS_KEPT_DAYS + 3),
        finishedAt: daysAgo(JOB_RUNS_KEPT_DAYS + 3),
        status: "failed",
      },
      {
        name: "award",
        startedAt: daysAgo(JOB_RUNS_KEPT_DAYS - 1),
        finishedAt: daysAgo(JOB_RUNS_KEPT_DAYS - 1),
        status: "ok",
      },
      { name: "tally", startedAt: daysAgo(JOB_RUNS_KEPT_DAYS + 2), status: "running" },
    ]);
    expect(await pruneJobRuns(t.db, NOW)).toBe(2);
    const left = await t.db.select({ name: jobRuns.name, status: jobRuns.status }).from(jobRuns);
    expect(left.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: "award", status: "ok" },
      { name: "tally", status: "running" },
    ]);
    expect(await pruneJobRuns(t.db, NOW)).toBe(0);
  });

  it("is a step of the hourly maintenance job", async () => {
    await t.db.insert(jobRuns).values({ name: "award", startedAt: daysAgo(30), finishedAt: daysAgo(30), status: "ok" });
    const stats = await runMaintenance(t.db, NOW);
    expect(stats.prunedJobRuns).toBe(1);
  });
});
