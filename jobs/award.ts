import { awardPoints } from "../app/domain/gamification.server";
import type { Db } from "../db/client.server";
import type { JobStats } from "./runner";

/** Every 5 minutes: points for new shares and finished days of clicks, then badges. */
export function award(db: Db, now: Date): Promise<JobStats> {
  return awardPoints(db, now);
}
