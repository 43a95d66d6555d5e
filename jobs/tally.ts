import { forgetTallyWatermark, tallyShareOfVoice } from "../app/domain/sov/tally.server";
import type { Db } from "../db/client.server";
import type { JobStats } from "./runner";

/** Every 15 minutes: share of voice, recounted for the days touched since the last run (decision 006). */
export function tally(db: Db, now: Date): Promise<JobStats> {
  return tallyShareOfVoice(db, now);
}

/** Forgets the watermark so the next run recomputes sov_daily from scratch. */
export const resetTally = forgetTallyWatermark;
