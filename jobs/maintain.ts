import type { Db } from "../db/client.server";
import { pruneExpiredSessions } from "../app/domain/auth.server";
import type { JobStats } from "./runner";

/** Hourly upkeep. Each step is one domain module's function; add steps here. */
export async function maintain(db: Db, now: Date): Promise<JobStats> {
  const prunedSessions = await pruneExpiredSessions(db, now);
  return { prunedSessions };
}
