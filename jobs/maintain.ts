import { runMaintenance } from "../app/domain/maintenance.server";
import type { Db } from "../db/client.server";
import type { JobStats } from "./runner";

/** Hourly upkeep: expired sessions, expired items, shares of retired items, legacy unverified shares, tokens. */
export function maintain(db: Db, now: Date): Promise<JobStats> {
  return runMaintenance(db, now);
}
