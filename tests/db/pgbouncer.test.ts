import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { readMigrationFiles } from "drizzle-orm/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrlFor, openDb, type DbHandle } from "../../db/client.server";
import { JOBS } from "../../jobs/registry";
import { runJob, type JobOutcome } from "../../jobs/runner";
import { templateName } from "../helpers/db";

/**
 * The app through a pgbouncer in transaction mode (decision 023): each transaction may run on another server
 * connection, and what a session leaves behind (a session advisory lock, a `set`, a named prepared statement)
 * stays on its server connection for whoever gets it next.
 *
 * Runs on a Postgres server (DATABASE_URL). The pgbouncer is DATABASE_URL itself when that is one (CI points it at
 * scripts/pgbouncer.sh's port), else PGBOUNCER_URL, else port 6432 of the same host; when none answers the test
 * starts one with scripts/pgbouncer.sh. Without pgbouncer the test is skipped on a workstation, and fails in CI
 * (CI=true, which .ci/run sets) or when DATABASE_URL is the pgbouncer's port.
 */
const serverUrl = process.env.DATABASE_URL;
const PGBOUNCER_PORT = "6432";
const migrationsFolder = path.resolve(__dirname, "../../db/migrations");

function pgbouncerUrlFor(url: string): string {
  if (process.env.PGBOUNCER_URL) return process.env.PGBOUNCER_URL;
  const parsed = new URL(url);
  if (parsed.port === PGBOUNCER_PORT) return url;
  parsed.port = PGBOUNCER_PORT;
  return parsed.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values?: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Whether a pgbouncer answers at url: its admin console (the `pgbouncer` database) knows SHOW VERSION. */
async function isPgbouncer(url: string): Promise<boolean> {
  try {
    await query(databaseUrlFor(url, "pgbouncer"), "show version");
    return true;
  } catch {
    return false;
  }
}

async function findPgbouncer(): Promise<string | null> {
  if (!serverUrl) return null;
  const url = pgbouncerUrlFor(serverUrl);
  if (await isPgbouncer(url)) return url;
  const binary = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].find((file) => existsSync(file));
  if (!binary) return null;
  const upstream = new URL(serverUrl);
  const start = spawnSync("bash", [path.resolve(__dirname, "../../scripts/pgbouncer.sh")], {
    encoding: "utf8",
    env: {
      ...process.env,
      PGBOUNCER_BIN: binary,
      PGBOUNCER_PORT: new URL(url).port,
      PGBOUNCER_UPSTREAM_HOST: upstream.hostname,
      PGBOUNCER_UPSTREAM_PORT: upstream.port || "5432",
    },
  });
  if (start.status !== 0) console.warn(`scripts/pgbouncer.sh failed: ${start.stderr}`);
  return (await isPgbouncer(url)) ? url : null;
}

const bouncer = await findPgbouncer();
// In CI, or when DATABASE_URL is the pgbouncer itself, a missing pgbouncer fails the test instead of skipping it.
const required = process.env.CI === "true" || (Boolean(serverUrl) && pgbouncerUrlFor(serverUrl!) === serverUrl);
if (serverUrl && !bouncer && !required)
  console.warn("No pgbouncer reachable or startable: tests/db/pgbouncer.test.ts skipped");

interface ServerSession {
  pid: number;
  prepared: number;
  advisory: number;
  cursors: number;
  temp: number;
  listening: number;
  settings: string;
}

/**
 * What each of pgbouncer's server connections to a database still carries from earlier transactions. It lists the
 * server's backends for the database, then opens as many transactions at once through pgbouncer: each holds its own
 * server connection until all have looked, so together they cover every connection in the pool.
 */
async function serverSessions(database: string): Promise<ServerSession[]> {
  const admin = databaseUrlFor(bouncer!, "postgres");
  const backends = async () =>
    (
      await query<{ pid: number }>(
        admin,
        "select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend'",
        [database],
      )
    ).map((r) => r.pid);
  const before = await backends();
  const pool = new pg.Pool({ connectionString: databaseUrlFor(bouncer!, database), max: Math.max(1, before.length) });
  let arrived = 0;
  let allArrived!: () => void;
  const together = new Promise<void>((resolve) => (allArrived = resolve));
  try {
    const seen = await Promise.all(
      Array.from({ length: Math.max(1, before.length) }, async () => {
        const client = await pool.connect();
        try {
          await client.query("begin");
          const [session] = (
            await client.query<ServerSession>(`
              select pg_backend_pid() as pid,
                (select count(*)::int from pg_prepared_statements) as prepared,
                (select count(*)::int from pg_locks where pid = pg_backend_pid() and locktype = 'advisory') as advisory,
                (select count(*)::int from pg_cursors) as cursors,
                (select count(*)::int from pg_class where relnamespace = pg_my_temp_schema()) as temp,
                (select count(*)::int from pg_listening_channels()) as listening,
                (select coalesce(string_agg(name, ',' order by name), '') from pg_settings
                  where source = 'session'
                    -- pgbouncer itself sets these to each client's start-up values
                    and name not in ('application_name', 'client_encoding', 'DateStyle', 'TimeZone',
                                     'standard_conforming_strings')) as settings`)
          ).rows;
          if (++arrived === before.length) allArrived();
          await Promise.race([together, new Promise((resolve) => setTimeout(resolve, 10_000))]);
          await client.query("commit");
          return session!;
        } finally {
          client.release();
        }
      }),
    );
    const pids = new Set(seen.map((s) => s.pid));
    // Every backend listed before was looked at, unless it has gone since (pgbouncer closes idle ones).
    const alive = new Set(await backends());
    expect(before.filter((pid) => !pids.has(pid) && alive.has(pid))).toEqual([]);
    return seen;
  } finally {
    await pool.end();
  }
}

const clean = { prepared: 0, advisory: 0, cursors: 0, temp: 0, listening: 0, settings: "" };

describe.runIf(Boolean(serverUrl))("through pgbouncer in transaction mode", () => {
  const made: string[] = [];
  const handles: DbHandle[] = [];

  beforeAll(() => {
    if (!bouncer && required) throw new Error(`No pgbouncer answers at ${pgbouncerUrlFor(serverUrl!)}`);
  });

  afterAll(async () => {
    await Promise.all(handles.map((h) => h.close()));
    for (const name of made)
      await query(databaseUrlFor(bouncer!, "postgres"), `drop database if exists ${name} with (force)`);
  });

  async function createDatabase(template?: string): Promise<string> {
    const name = `chorus_t_${process.pid}_pgb_${Math.random().toString(36).slice(2, 8)}`;
    await query(
      databaseUrlFor(bouncer!, "postgres"),
      `create database ${name}${template ? ` template ${template}` : ""}`,
    );
    made.push(name);
    return name;
  }

  async function open(name: string): Promise<DbHandle> {
    const handle = await openDb({ url: databaseUrlFor(bouncer!, name), poolSize: 4 });
    handles.push(handle);
    return handle;
  }

  it.skipIf(!bouncer && !required)(
    "the check sees what a session leaves on a server connection: a session lock, a set, a named statement",
    async () => {
      const name = await createDatabase();
      const client = new pg.Client({ connectionString: databaseUrlFor(bouncer!, name) });
      await client.connect();
      await client.query("select pg_advisory_lock(7261, 99)");
      await client.query("set work_mem = '7MB'");
      await client.query({ name: "leaky", text: "select $1::int as one", values: [1] });
      await client.end(); // the client is gone; its server connection, and all of that, stays in the pool
      const sessions = await serverSessions(name);
      expect(sessions.some((s) => s.advisory === 1)).toBe(true);
      expect(sessions.some((s) => s.settings === "work_mem")).toBe(true);
      expect(sessions.some((s) => s.prepared === 1)).toBe(true);
    },
  );

  it.skipIf(!bouncer && !required)(
    "two processes starting at once on an empty database apply the migrations once, and no lock is left",
    async () => {
      const name = await createDatabase();
      const children = [0, 1].map(() => {
        const child = spawn(process.execPath, ["--import", "tsx", "tests/db/fixtures/migrate-on-signal.ts"], {
          env: { ...process.env, DATABASE_URL: databaseUrlFor(bouncer!, name) },
          stdio: ["pipe", "pipe", "inherit"],
        });
        let output = "";
        const ready = new Promise<void>((resolve) =>
          child.stdout.on("data", (chunk: Buffer) => {
            output += chunk.toString();
            if (output.includes("ready")) resolve();
          }),
        );
        const exited = new Promise<{ code: number | null; output: string }>((resolve) => {
          const timer = setTimeout(() => child.kill(), 60_000); // a process stuck on a lock fails, it does not hang
          child.on("exit", (code) => {
            clearTimeout(timer);
            resolve({ code, output });
          });
        });
        return { child, ready, exited };
      });
      await Promise.race([
        Promise.all(children.map((c) => c.ready)),
        Promise.all(children.map((c) => c.exited)).then((r) => {
          throw new Error(`a process exited before it was ready: ${JSON.stringify(r)}`);
        }),
      ]);
      // Other work on the same pool meanwhile (the other processes' requests): each transaction takes whichever
      // server connection is free, so a process's next statement is seldom on the connection of its last one.
      const traffic = new pg.Pool({ connectionString: databaseUrlFor(bouncer!, name), max: 6 });
      let migrating = true;
      const busy = Promise.all(
        Array.from({ length: 6 }, async () => {
          while (migrating) await traffic.query("select pg_sleep(0.005)");
        }),
      );
      for (const { child } of children) child.stdin.end("go\n");
      const results = await Promise.all(children.map((c) => c.exited));
      migrating = false;
      await busy;
      await traffic.end();
      for (const result of results) {
        expect(result.output).toContain("migrated");
        expect(result.code).toBe(0);
      }
      const journal = readMigrationFiles({ migrationsFolder });
      const [applied] = await query<{ rows: number; hashes: number }>(
        databaseUrlFor(bouncer!, name),
        "select count(*)::int as rows, count(distinct hash)::int as hashes from drizzle.__drizzle_migrations",
      );
      expect(applied).toEqual({ rows: journal.length, hashes: journal.length });
      const [locks] = await query<{ held: number }>(
        databaseUrlFor(bouncer!, "postgres"),
        `select count(*)::int as held from pg_locks
         where locktype = 'advisory' and database = (select oid from pg_database where datname = $1)`,
        [name],
      );
      expect(locks?.held).toBe(0);
      for (const session of await serverSessions(name)) expect(session).toMatchObject(clean);
    },
    90_000,
  );

  it.skipIf(!bouncer && !required)(
    "two workers start the same job at once: one runs it, the other skips; real jobs run; nothing stays on a session",
    async () => {
      const name = await createDatabase(templateName());
      const [first, second] = [await open(name), await open(name)];
      let entered = 0;
      let settled = 0;
      const job = async () => {
        entered++;
        // Holds the lock until the other worker's run has come back (or 10 s, when both got in: the test fails).
        for (let waited = 0; settled === 0 && waited < 10_000; waited += 20)
          await new Promise((resolve) => setTimeout(resolve, 20));
        return { ran: 1 };
      };
      const outcomes = await Promise.all(
        [first, second].map((handle) =>
          runJob(handle, { name: "award", fn: job }).then((outcome: JobOutcome) => {
            settled++;
            return outcome.status;
          }),
        ),
      );
      expect(outcomes.sort()).toEqual(["ok", "skipped"]);
      expect(entered).toBe(1);
      // The real jobs through pgbouncer, from both workers (dispatch runs in every worker at once).
      for (const jobName of ["award", "tally", "dispatch", "announce", "maintain"]) {
        const job = JOBS[jobName]!;
        for (const handle of [first, second]) {
          const outcome = await runJob(handle, { name: jobName, fn: job.run, exclusive: job.exclusive });
          expect(outcome, jobName).toMatchObject({ status: "ok" });
        }
      }
      await first.migrate(); // migrated already: waits for nobody, applies nothing
      for (const session of await serverSessions(name)) expect(session).toMatchObject(clean);
    },
    120_000,
  );
});
