import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { lockDataDir } from "./data-dir-lock.server";
import { LOCKS, lockArgs } from "./locks.server";
import { normalizeRows } from "./result-types.server";
import * as schema from "./schema";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";

export { schema };
/**
 * The one executor type domain functions take: a handle from openDb() or a transaction inside one (drizzle's
 * PgTransaction extends PgDatabase), so a caller can run several domain calls in one transaction without casts.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Db;
  kind: "pg" | "pglite";
  /** The embedded database's directory (PGlite on disk only): jobs/control.ts keeps its address beside it. */
  dataDir?: string;
  /**
   * Applies pending migrations. On a server: all of them in one transaction under a transaction-scoped advisory
   * lock, so two processes starting together (directly or through pgbouncer) never both apply them.
   */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** DATABASE_URL set: a pg Pool against a real Postgres. Unset: PGlite in dataDir (embedded). */
export async function openDb(options: { url?: string; dataDir?: string; poolSize?: number }): Promise<DbHandle> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection closed by the server (restart, failover, database dropped) must not crash the
    // process: the pool drops that client and opens a new one on the next query.
    pool.on("error", (error) => console.warn(`Postgres closed an idle connection: ${error.message}`));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    const migrate = () => migrateServer(db);
    return { db, kind: "pg", migrate, close: () => pool.end() };
  }
  const dir = options.dataDir && options.dataDir !== "memory://" ? options.dataDir : undefined;
  // Before anything touches the directory: a second process would corrupt it (db/data-dir-lock.server.ts).
  const lock = dir ? lockDataDir(dir) : null;
  let client: PGlite;
  try {
    if (dir) mkdirSync(dir, { recursive: true });
    client = await PGlite.create(dir);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const migrate = () => migratePglite(drizzlePglite(client), { migrationsFolder });
  const close = async () => {
    try {
      await client.close();
    } finally {
      lock?.release();
    }
  };
  return { db, kind: "pglite", dataDir: dir, migrate, close };
}

/**
 * drizzle's migrator (what PGlite still uses), with its read of the last applied migration moved inside the
 * transaction and behind a transaction-scoped lock. drizzle reads that row before its transaction and holds
 * no lock; the session lock Chorus took around it (pg_advisory_lock on a pooled client) would, through a
 * pgbouncer in transaction mode, have been taken on one server connection and released on another. Here the
 * second process waits for the first one's commit, then reads the row again and finds nothing to do. The
 * bookkeeping is drizzle's own (drizzle.__drizzle_migrations, applied when `created_at` < the journal's `when`),
 * so databases migrated before keep working, and `drizzle-kit migrate` still agrees with it.
 */
async function migrateServer(db: Db): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder });
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${lockArgs(LOCKS.migrations)})`);
    await tx.execute(sql`create schema if not exists drizzle`);
    await tx.execute(
      sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`,
    );
    const [last] = await rows<{ created_at: string | number }>(
      tx,
      sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    for (const migration of migrations) {
      if (last && Number(last.created_at) >= migration.folderMillis) continue;
      for (const statement of migration.sql) await tx.execute(sql.raw(statement));
      await tx.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
      );
    }
  });
}

/** The same server's connection string for another database name. */
export function databaseUrlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Rows of a raw SQL query, with the same JavaScript types on pg and PGlite (timestamps as Date, int8 and
 * numeric as number, ...: the table is RESULT_TYPES in db/result-types.server.ts). Read raw results only
 * through here: `db.execute(...).rows` differs between the engines.
 */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  // drizzle types a generic Db's result as unknown; both drivers return rows and their fields.
  const result = (await db.execute(query)) as { rows: T[]; fields?: { name: string; dataTypeID: number }[] };
  return normalizeRows(result);
}

const globalKey = Symbol.for("chorus.db");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<DbHandle> };

/**
 * The process-wide handle. Kept on globalThis because the Remix build and server.ts each load
 * their own copy of this module, and PGlite allows one open instance per data directory.
 */
export function getDb(): Promise<DbHandle> {
  const g = globalThis as GlobalWithDb;
  g[globalKey] ??= (async () => {
    const handle = await openDb({
      url: process.env.DATABASE_URL || undefined,
      dataDir: process.env.DATA_DIR || ".data/pglite",
    });
    await handle.migrate();
    return handle;
  })();
  return g[globalKey];
}
