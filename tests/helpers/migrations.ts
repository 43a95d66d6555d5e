import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { DbHandle } from "../../db/client.server";
import type { PgliteDatabase } from "drizzle-orm/pglite";

const migrations = path.resolve(__dirname, "../../db/migrations");

/**
 * A copy of the migrations folder that stops before `tag` (its journal cut there): what a database that
 * was last migrated before that migration had run. The caller removes the folder.
 */
export function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "chorus-migrations-"));
  cpSync(migrations, dir, { recursive: true });
  const journalFile = path.join(dir, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: Array<{ tag: string }> };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  if (at < 1) throw new Error(`No migration ${tag} after the first`);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

/** Applies the migrations of `folder` to an embedded (PGlite) handle. */
export function migratePgliteFrom(handle: DbHandle, folder: string): Promise<void> {
  return migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: folder });
}
