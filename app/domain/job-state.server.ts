import { eq } from "drizzle-orm";
import { jobState } from "../../db/schema";
import type { Db } from "../../db/client.server";

/** A job's saved state (watermarks and the like), or null before its first run or after a reset. */
export async function readJobState<T>(db: Db, name: string): Promise<T | null> {
  const [row] = await db.select().from(jobState).where(eq(jobState.name, name));
  return (row?.value as T | undefined) ?? null;
}

export async function writeJobState<T extends object>(
  db: Db,
  { name, value, now = new Date() }: { name: string; value: T; now?: Date },
): Promise<void> {
  await db
    .insert(jobState)
    .values({ name, value, updatedAt: now })
    .onConflictDoUpdate({ target: jobState.name, set: { value, updatedAt: now } });
}
