import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { databaseUrlFor, rows, type DbHandle } from "../db/client.server";
import { insertDueShares, repsWithLinkedIn, startMockNetwork, type DispatchRow } from "./dispatch";
import { freePort, load, stopProcess, waitForHttp } from "./load";

/**
 * `BENCH_ONLY=pooled`: the production topology behind a pgbouncer in transaction mode (decision 023). Two web
 * processes and two workers (jobs/worker.ts with every job on its schedule) reach the database only through
 * pgbouncer (scripts/pgbouncer.sh, started if nothing answers on its port); every process migrates at start-up
 * through it too. Then a burst: SHARES shares fall due in the same minute (a stand-in LinkedIn answering after
 * 20 ms) while both web processes answer tracked-link clicks for them. Rows: errors, duplicate posts, clicks lost,
 * and overlapping runs of a job that must run alone.
 */
const SHARES = 1_000;
const CLICK_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

function pgbouncerUrl(serverUrl: string): string {
  if (process.env.PGBOUNCER_URL) return process.env.PGBOUNCER_URL;
  const parsed = new URL(serverUrl);
  parsed.port = "6432";
  return parsed.toString();
}

async function answersAsPgbouncer(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrlFor(url, "pgbouncer") });
  try {
    await client.connect();
    await client.query("show version");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A child whose stderr lines (and, for workers, failed or crashed job lines) count as errors. */
function startCounted(args: string[], env: NodeJS.ProcessEnv, errors: string[], label: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  const watch = (stream: NodeJS.ReadableStream, all: boolean) => {
    let buffer = "";
    stream.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines)
        if (line.trim() && (all || /\] (failed|crashed):/.test(line))) errors.push(`${label}: ${line}`);
    });
  };
  watch(child.stdout, false);
  watch(child.stderr, true);
  child.on("exit", (code, signal) => {
    if (code !== 0 && signal !== "SIGTERM") errors.push(`${label} exited ${signal ?? code}`);
  });
  return child;
}

export async function benchPooled(handle: DbHandle, dbUrl: string): Promise<DispatchRow[]> {
  const db = handle.db;
  const bouncer = pgbouncerUrl(dbUrl);
  if (!(await answersAsPgbouncer(bouncer))) {
    const started = spawnSync("bash", ["scripts/pgbouncer.sh"], {
      stdio: "inherit",
      env: { ...process.env, PGBOUNCER_PORT: new URL(bouncer).port },
    });
    if (started.status !== 0 || !(await answersAsPgbouncer(bouncer))) {
      console.log("    no pgbouncer (apt-get install pgbouncer): skipped");
      return [];
    }
  }
  const pooledUrl = databaseUrlFor(bouncer, new URL(dbUrl).pathname.slice(1));

  await db.execute(sql`delete from shares where idempotency_key like 'pooled-bench-%'`);
  const reps = await repsWithLinkedIn(handle);
  await insertDueShares(db, {
    reps,
    network: "linkedin",
    count: SHARES,
    keyPrefix: "pooled-bench-",
    codePrefix: "pooled",
  }); // 4+ characters, as link codes are
  const since = new Date();

  const networkPort = await freePort();
  const network = await startMockNetwork(networkPort);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: pooledUrl,
    SEED_DEMO: "never",
    RUN_JOBS_IN_WEB: "false",
    MOCKS: "false",
    LINKEDIN_API_BASE: `http://127.0.0.1:${networkPort}`,
    CLICK_HASH_SALT: process.env.CLICK_HASH_SALT ?? "bench-only-click-hash-salt",
  };
  const errors: string[] = [];
  const ports = [await freePort(), await freePort()];
  const processes = [
    ...ports.map((port, i) => startCounted(["server.ts"], { ...env, PORT: String(port) }, errors, `web ${i + 1}`)),
    ...[1, 2].map((n) => startCounted([path.join("jobs", "worker.ts")], env, errors, `worker ${n}`)),
  ];
  try {
    await Promise.all(ports.map((port) => waitForHttp(`http://127.0.0.1:${port}/healthz`, 120_000)));
    // The clicks start a second before the workers' next dispatch tick (every minute, on the minute).
    const untilTick = 60_000 - (Date.now() % 60_000);
    if (untilTick > 1_000) await new Promise((resolve) => setTimeout(resolve, untilTick - 1_000));
    const codes = Array.from({ length: SHARES }, (_, i) => `/l/pooled${i + 1}`);
    const started = Date.now();
    const bursts = await Promise.all(
      ports.map((port) =>
        load({ url: `http://127.0.0.1:${port}`, paths: codes, connections: 5, seconds: CLICK_SECONDS }),
      ),
    );
    let publishedAt: number | null = null;
    while (publishedAt === null && Date.now() - started < 180_000) {
      const [left] = await rows<{ n: number }>(
        db,
        sql`select count(*)::int n from shares where idempotency_key like 'pooled-bench-%' and status <> 'published'`,
      );
      if (left!.n === 0) publishedAt = Date.now();
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // buffered clicks land
    const redirects = bursts.reduce((sum, b) => sum + (b.statuses["302"] ?? 0), 0);
    const badAnswers = bursts.reduce(
      (sum, b) =>
        sum +
        b.errors +
        Object.entries(b.statuses).reduce((n, [status, count]) => n + (status === "302" ? 0 : count), 0),
      0,
    );
    const [clicks] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int n from link_clicks c join shares s on s.id = c.share_id
          where s.idempotency_key like 'pooled-bench-%'`,
    );
    const [failedRuns] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int n from job_runs where started_at >= ${since} and status = 'failed'`,
    );
    // Two runs of one exclusive job whose times overlap: the job lock let both in.
    const [overlaps] = await rows<{ n: number; runs: number }>(
      db,
      sql`select (select count(*)::int from job_runs a join job_runs b
                    on a.name = b.name and a.id < b.id and a.name <> 'dispatch'
                   and b.started_at < coalesce(a.finished_at, now()) and a.started_at < coalesce(b.finished_at, now())
                 where a.started_at >= ${since} and b.started_at >= ${since}) as n,
                 (select count(*)::int from job_runs where started_at >= ${since}) as runs`,
    );
    const duplicates = [...network.posts.values()].reduce((sum, n) => sum + (n - 1), 0);
    const published = [...network.posts.keys()].length;
    for (const line of errors.slice(0, 10)) console.log(`    ${line}`);
    const statuses = bursts.map((b) => JSON.stringify({ ...b.statuses, errors: b.errors })).join(", ");
    console.log(`    answers ${statuses}; failed job runs ${failedRuns!.n}; process errors ${errors.length}`);
    console.log(
      `    ${redirects} redirects, ${clicks!.n} clicks recorded; ${published} distinct posts; ${overlaps!.runs} job runs; ${bursts.map((b) => b.rps.toFixed(0)).join(" + ")} clicks/s`,
    );
    return [
      {
        name: `pooled: ${SHARES} due shares through pgbouncer, 2 workers, clicks on 2 web processes — all published in`,
        value: publishedAt ? (publishedAt - started) / 1000 : NaN,
        unit: "s",
      },
      {
        name: "pooled: errors (non-302 answers, failed job runs, process errors)",
        value: badAnswers + failedRuns!.n + errors.length,
        unit: "errors",
        target: { max: 0 },
      },
      { name: "pooled: duplicate posts", value: duplicates, unit: "posts", target: { max: 0 } },
      { name: "pooled: overlapping runs of a single-run job", value: overlaps!.n, unit: "runs", target: { max: 0 } },
      {
        name: "pooled: clicks lost (302 answers without a recorded click)",
        value: Math.max(0, redirects - clicks!.n),
        unit: "clicks",
        target: { max: 0 },
      },
    ];
  } finally {
    await Promise.all(processes.map((child) => stopProcess(child)));
    network.close();
    await db.execute(sql`delete from shares where idempotency_key like 'pooled-bench-%'`);
  }
}
