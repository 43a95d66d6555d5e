import { runAwards } from "../app/domain/gamification/award-run.server";
import type { Db } from "../db/client.server";
import type { JobStats } from "./runner";

/** Every 30 seconds (decision 021): points for new shares and finished days of clicks, badges, challenges, levels, Slack, boards. */
export function award(db: Db, now: Date): Promise<JobStats> {
  return runAwards(db, now);
}
