import { createRequire } from "node:module";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { dispatchDue } from "~/domain/dispatch.server";
import { meetingBoard } from "~/domain/meeting.server";
import { createShare } from "~/domain/sharing.server";
import { rows } from "../../db/client.server";
import { pointEvents, users } from "../../db/schema";
import { JOBS } from "../../jobs/registry";
import { runJob } from "../../jobs/runner";
import { createUser } from "../helpers/factories";
import { addMessages, connect, createItem, createRep } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

// node-cron's own matcher: the test fires each job exactly when the worker's cron table would.
const require = createRequire(import.meta.url);
const TimeMatcher = require("node-cron/src/time-matcher") as new (pattern: string) => { match(at: Date): boolean };
const schedules = Object.entries(JOBS).map(([name, job]) => ({ name, job, matcher: new TimeMatcher(job.schedule) }));

describe("the meeting wall is fresh within a minute of a share", () => {
  const t = useTestDb();

  /** Every scheduled job that fires in the second `at`, as the worker (or the embedded app) would run it. */
  async function tick(at: Date) {
    for (const { name, job, matcher } of schedules)
      if (matcher.match(at)) {
        const outcome = await runJob(t.handle, { name, fn: job.run, now: at, exclusive: job.exclusive });
        expect(outcome.status, `${name} at ${at.toISOString()}`).not.toBe("failed");
      }
  }

  it("a copied share and an API share reach the wall within 60 s of scheduled runs, nobody by hand", async () => {
    const manager = await createUser(t.db, { role: "manager", name: "Maya Manager" });
    const copier = await createRep(t.db, { name: "Rita Rep" });
    const poster = await createRep(t.db, { name: "Pat Poster" });
    await connect(t.db, poster.id, "linkedin");
    const item = await createItem(t.db);
    await addMessages(t.db, item.id, "linkedin", ["Worth a read"]);
    const wall = async (at: Date) =>
      (await meetingBoard(t.db, { period: "all", teamId: null, teamName: null, viewerId: manager.id, now: at })).rows;

    // The worker has been running: a minute of ticks from a five-minute mark sets the award watermark. The
    // shares come one second after the next minute's runs, the worst moment for a minute-or-slower schedule.
    const start = new Date(Math.floor(Date.now() / 300_000) * 300_000 - 300_000);
    for (let s = 0; s <= 60; s++) await tick(new Date(start.getTime() + s * 1000));
    let at = new Date(start.getTime() + 61_000);
    expect(await wall(at)).toEqual([]);

    // Rita copies the text (an `opened` share that counts); Pat posts through the API (dispatch publishes it).
    const share = (user: typeof copier, mode: "copy" | "now") =>
      createShare(t.db, {
        user,
        itemId: item.id,
        form: { network: "linkedin", mode, text: "", idempotencyKey: crypto.randomUUID() },
        origin: "https://chorus.example",
        now: at,
      });
    expect(await share(copier, "copy")).toMatchObject({ ok: true, status: "opened" });
    const posted = await share(poster, "now");
    if (!posted.ok) throw new Error(posted.message);
    // The share page posts a "now" share at once, as app/routes/_app.share.$itemId.tsx does.
    expect(await dispatchDue(t.db, at, { workerId: "web:test", onlyShareId: posted.shareId })).toMatchObject({
      published: 1,
    });

    const seen = new Map<string, number>();
    for (let s = 1; s <= 60; s++) {
      at = new Date(at.getTime() + 1000);
      await tick(at);
      for (const row of await wall(at)) if (!seen.has(row.name) && row.points > 0) seen.set(row.name, s);
    }
    // Both are on the wall with their share points within the minute (copy 5 points, API 10 by default).
    expect([...seen.keys()].sort()).toEqual(["Pat Poster", "Rita Rep"]);
    // What the wall shows is the ledger: the share points (copy 5, API 10 by default) and the first-share badges.
    const ledger = await rows<{ name: string; points: number; share: number }>(
      t.db,
      sql`
        select u.name, sum(e.points)::int as points, sum(e.points) filter (where e.kind = 'share')::int as share
        from ${pointEvents} e join ${users} u on u.id = e.user_id
        group by u.name order by u.name`,
    );
    expect(ledger.map((r) => [r.name, r.share])).toEqual([
      ["Pat Poster", 10],
      ["Rita Rep", 5],
    ]);
    expect(Object.fromEntries((await wall(at)).map((r) => [r.name, r.points]))).toEqual(
      Object.fromEntries(ledger.map((r) => [r.name, r.points])),
    );
    // The award job fires twice a minute, so a counted share waits at most 30 s for its run.
    for (const s of seen.values()) expect(s).toBeLessThanOrEqual(30);
  });

  // Two workers firing the same tick: the job's advisory lock lets one run, the ledger's key keeps it once anyway.
  it.runIf(Boolean(process.env.DATABASE_URL))("two workers on the same tick award a share once", async () => {
    const rep = await createRep(t.db, { name: "Twice Tick" });
    const item = await createItem(t.db);
    await addMessages(t.db, item.id, "linkedin", ["Twice"]);
    const at = new Date();
    const shared = await createShare(t.db, {
      user: rep,
      itemId: item.id,
      form: { network: "linkedin", mode: "copy", text: "", idempotencyKey: crypto.randomUUID() },
      origin: "https://chorus.example",
      now: at,
    });
    expect(shared).toMatchObject({ ok: true });
    const job = JOBS.award;
    if (!job) throw new Error("no award job");
    const tickAt = new Date(at.getTime() + 1000);
    const outcomes = await Promise.all(
      [0, 1, 2].map(() => runJob(t.handle, { name: "award", fn: job.run, now: tickAt, exclusive: job.exclusive })),
    );
    expect(outcomes.filter((o) => o.status === "failed")).toEqual([]);
    expect(outcomes.some((o) => o.status === "ok")).toBe(true);
    const [row] = await rows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from ${pointEvents} where user_id = ${rep.id} and kind = 'share'`,
    );
    expect(row?.n).toBe(1);
  });
});
