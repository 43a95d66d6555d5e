import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { databaseUrlFor, openDb, type DbHandle } from "../../db/client.server";

const migrationsDir = path.resolve(__dirname, "../../db/migrations");

/** The migrated template database's name: changes whenever a migration does. */
export function templateName(): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(migrationsDir)
    .filter((f) => f.endsWith(".sql"))
    .sort())
    hash.update(readFileSync(path.join(migrationsDir, file)));
  return `chorus_tpl_${hash.digest("hex").slice(0, 12)}`;
}

export function adminUrl(databaseUrl: string, database = "postgres"): string {
  return databaseUrlFor(databaseUrl, database);
}

export async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(process.env.DATABASE_URL!) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDb extends DbHandle {
  /** The server database's name (pg mode), for tests that need a second connection. */
  url?: string;
}

/**
 * A fresh, migrated database: with DATABASE_URL a new Postgres database cloned from the migrated
 * template (global setup builds it); without, an in-memory PGlite.
 */
export async function createTestDb(): Promise<TestDb> {
  if (!process.env.DATABASE_URL) {
    const handle = await openDb({ dataDir: "memory://" });
    await handle.migrate();
    return handle;
  }
  const name = `chorus_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await withAdminClient((c) => c.query(`create database ${name} template ${templateName()}`));
  const url = adminUrl(process.env.DATABASE_URL, name);
  const handle = await openDb({ url, poolSize: 12 });
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await withAdminClient((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
