import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "../../db/client.server";
import { jobLock, lockArgs, LOCKS } from "../../db/locks.server";
import { runJob } from "../../jobs/runner";
import { useTestDb } from "../helpers/test-db";

describe("job runner locks", () => {
  const t = useTestDb();

  it("keeps the fixed locks and the job locks apart: distinct pairs, two-int keys only", () => {
    const fixed = Object.values(LOCKS).map(([namespace, id]) => `${namespace}:${id}`);
    const jobs = ["maintain", "dispatch", "award", "tally", "announce"].map((name) => jobLock(name).join(":"));
    expect(new Set([...fixed, ...jobs]).size).toBe(fixed.length + jobs.length);
    // A job's hash lives in its own namespace, whatever its value.
    expect(new Set(jobs.map((key) => key.split(":")[0])).size).toBe(1);
    expect(fixed.some((key) => jobs.some((job) => job.split(":")[0] === key.split(":")[0]))).toBe(false);
  });

  // Several connections are needed to see a lock; the embedded database has one.
  it.runIf(Boolean(process.env.DATABASE_URL))(
    "skips a job another worker is running, and runs it once that worker is done",
    async () => {
      let ran = 0;
      const job = async () => ({ ran: ++ran });
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const taken = new Promise<void>((resolve) => (locked = resolve));
      const other = t.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${lockArgs(jobLock("award"))})`);
        locked();
        await held;
      });
      await taken;
      try {
        expect(await runJob({ db: t.db, kind: "pg" }, { name: "award", fn: job })).toEqual({ status: "skipped" });
        // A single-key lock with the same number as the job's hash is another lock: the job's does not hold it.
        const [, id] = jobLock("award");
        const [single] = await t.db.transaction((tx) =>
          rows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${id}::int8) as ok`),
        );
        expect(single?.ok).toBe(true);
      } finally {
        release();
      }
      await other;
      expect(await runJob({ db: t.db, kind: "pg" }, { name: "award", fn: job })).toMatchObject({
        status: "ok",
        stats: { ran: 1 },
      });
      expect(ran).toBe(1);
    },
  );
});
