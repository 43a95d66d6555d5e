import { execFile } from "node:child_process";
import { chownSync, mkdtempSync, readFileSync, appendFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { alive } from "./process";

const run = promisify(execFile);
const BIN = "/usr/lib/postgresql/15/bin";
/** The server's own `postgres` database: always there, never dropped by a test. */
function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = "/postgres";
  return u.toString();
}

const REPLICATION_LINE = "host replication all 127.0.0.1/32 trust";

export interface Standby {
  port: number;
  /** The standby's server log: every statement it ran is there (log_statement = all). */
  logFile: string;
  /** The same database on the standby (a physical standby holds every database of the primary). */
  urlFor(primaryUrl: string): string;
  /** Runs SQL on the standby's postgres database (pause or resume replay, read its position). */
  query<T extends pg.QueryResultRow>(text: string): Promise<T[]>;
  /** Waits until the standby has replayed the primary's current WAL position. */
  catchUp(primaryUrl: string, timeoutMs?: number): Promise<void>;
  /** Stops the server (it stays stopped); remove() also deletes its directory. */
  stop(): Promise<void>;
  remove(): Promise<void>;
}

/** The postgres user runs the standby: Postgres refuses to run as root. */
async function asPostgres(command: string, args: string[]) {
  const isRoot = userInfo().uid === 0;
  const [file, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  return run(file, argv, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function onPrimary<T extends pg.QueryResultRow>(primaryUrl: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: adminUrl(primaryUrl) });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** The address of the Postgres server that answers `url`, past any pooler (same user and database). */
async function serverUrlBehind(url: string): Promise<string> {
  const [server] = await onPrimary<{ host: string | null; port: number | null }>(
    url,
    "select host(inet_server_addr()) as host, inet_server_port() as port",
  );
  if (!server?.host || !server.port) return url; // a Unix socket: no pooler between
  const direct = new URL(url);
  direct.hostname = server.host;
  direct.port = String(server.port);
  return direct.toString();
}

/** The primary accepts replication connections from 127.0.0.1 (pg_basebackup and the standby's WAL receiver). */
async function allowReplication(primaryUrl: string) {
  const [{ hba_file: hbaFile }] = (await onPrimary<{ hba_file: string }>(primaryUrl, "show hba_file")) as [
    { hba_file: string },
  ];
  const lines = readFileSync(hbaFile, "utf8").split("\n");
  const present = lines.some((l) => l.trim().split(/\s+/).join(" ") === REPLICATION_LINE);
  if (present) return;
  appendFileSync(
    hbaFile,
    `\n# Added by Chorus's tests (tests/helpers/standby.ts): streaming standbys from this machine.\n${REPLICATION_LINE}\n`,
  );
  await onPrimary(primaryUrl, "select pg_reload_conf()");
}

const SLOT_PREFIX = "chorus_standby_";

async function dropSlot(primaryUrl: string, slot: string) {
  await onPrimary(
    primaryUrl,
    `select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '${slot}' and not active`,
  ).catch(() => undefined);
}

/** Slots of test processes that ended without removing their standby: they would hold the primary's WAL forever. */
async function dropAbandonedSlots(primaryUrl: string) {
  const slots = await onPrimary<{ slot_name: string }>(
    primaryUrl,
    `select slot_name from pg_replication_slots where slot_name like '${SLOT_PREFIX}%' and not active`,
  );
  for (const { slot_name: name } of slots) {
    const pid = Number(name.slice(SLOT_PREFIX.length).split("_")[0]);
    if (!alive(pid)) await dropSlot(primaryUrl, name);
  }
}

/**
 * A real streaming standby of the local server: pg_basebackup into a temp dir, started on a free port as the
 * postgres user. Settings a hot standby must match (max_connections and the like) are copied from the primary.
 */
export async function startStandby(url = process.env.DATABASE_URL!): Promise<Standby> {
  // Replication connects to the server itself: a transaction pooler in front of it (CI runs the Postgres suite
  // through pgbouncer) refuses the `replication` startup parameter.
  const primaryUrl = await serverUrlBehind(url);
  await allowReplication(primaryUrl);
  await dropAbandonedSlots(primaryUrl);
  const slot = `${SLOT_PREFIX}${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const primary = new URL(primaryUrl);
  const dir = mkdtempSync(path.join(tmpdir(), "chorus-standby-"));
  const dataDir = path.join(dir, "data");
  const { uid, gid } = await run("id", ["-u", "postgres"]).then(async (u) => ({
    uid: Number(u.stdout.trim()),
    gid: Number((await run("id", ["-g", "postgres"])).stdout.trim()),
  }));
  chownSync(dir, uid, gid);
  const port = await freePort();
  try {
    // The slot keeps the primary's WAL from before the backup starts until the standby streams it: a busy server
    // recycled it before the standby connected, and even before pg_basebackup's own `-C` slot existed (that one
    // is made once the backup has begun). remove() drops it, so it never holds WAL after the file.
    await onPrimary(primaryUrl, `select pg_create_physical_replication_slot('${slot}', true)`);
    return await start();
  } catch (error) {
    // Nothing half-made stays behind: no server on the port, no slot holding the primary's WAL, no directory.
    await asPostgres(`${BIN}/pg_ctl`, ["-D", dataDir, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
    await dropSlot(primaryUrl, slot);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  async function start(): Promise<Standby> {
    await asPostgres(`${BIN}/pg_basebackup`, [
      "-h",
      primary.hostname,
      "-p",
      primary.port || "5432",
      "-U",
      decodeURIComponent(primary.username) || "postgres",
      "-D",
      dataDir,
      "-X",
      "stream",
      "-R",
      "-c",
      "fast",
      "-S",
      slot,
    ]);
    const matched = await onPrimary<{ name: string; setting: string }>(
      primaryUrl,
      `select name, setting from pg_settings where name in
       ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')`,
    );
    const conf = [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      "hot_standby = on",
      "hot_standby_feedback = on",
      // What ran on the standby is evidence in the tests (reports read there, never a write).
      "log_statement = 'all'",
      ...matched.map((s) => `${s.name} = ${s.setting}`),
    ];
    writeFileSync(path.join(dataDir, "postgresql.conf"), conf.join("\n") + "\n");
    writeFileSync(path.join(dataDir, "pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
    chownSync(path.join(dataDir, "postgresql.conf"), uid, gid);
    chownSync(path.join(dataDir, "pg_hba.conf"), uid, gid);
    const logFile = path.join(dir, "standby.log");
    await asPostgres(`${BIN}/pg_ctl`, ["-D", dataDir, "-l", logFile, "-w", "-t", "120", "start"]);

    let running = true;
    const urlFor = (url: string) => {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    };
    const query = async <T extends pg.QueryResultRow>(text: string) => {
      const client = new pg.Client({ connectionString: urlFor(adminUrl(primaryUrl)) });
      await client.connect();
      try {
        return (await client.query<T>(text)).rows;
      } finally {
        await client.end();
      }
    };
    const stop = async () => {
      if (!running) return;
      running = false;
      await asPostgres(`${BIN}/pg_ctl`, ["-D", dataDir, "-m", "fast", "-w", "stop"]).catch(() => undefined);
      await dropSlot(primaryUrl, slot);
    };
    return {
      port,
      logFile,
      urlFor,
      query,
      async catchUp(url, timeoutMs = 30_000) {
        const [{ lsn }] = (await onPrimary<{ lsn: string }>(url, "select pg_current_wal_lsn()::text as lsn")) as [
          { lsn: string },
        ];
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const [row] = await query<{ done: boolean }>(`select pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn as done`);
          if (row?.done) return;
          if (Date.now() > deadline) throw new Error(`standby did not replay ${lsn} within ${timeoutMs} ms`);
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      stop,
      async remove() {
        await stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}
