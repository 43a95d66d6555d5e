import { readJobState, writeJobState } from "../app/domain/job-state.server";
import {
  forgetTallyWatermark,
  mentionsWatermark,
  rollupAll,
  rollupTouchedDays,
  TALLY_STATE,
} from "../app/domain/sov.server";
import type { Db } from "../db/client.server";
import type { JobStats } from "./runner";

/** Shares whose published_at was set a little before their transaction committed are picked up on the next run. */
const SHARE_OVERLAP_MS = 24 * 3600_000;

interface TallyState {
  mentionsSince: string;
  sharesSince: string;
}

/**
 * Share of voice tally: every UTC day touched by mentions stored, or shares published, since the watermark
 * is recounted whole into sov_daily. Without a watermark (first run, after `resetTally`, or after the own
 * brand changed) everything is recomputed, which yields the same table.
 */
export async function tally(db: Db, now: Date): Promise<JobStats> {
  const state = await readJobState<TallyState>(db, TALLY_STATE);
  const startedAt = await mentionsWatermark(db);
  let days: number;
  if (state) {
    days = await rollupTouchedDays(db, {
      mentionsSince: new Date(state.mentionsSince),
      sharesSince: new Date(Date.parse(state.sharesSince) - SHARE_OVERLAP_MS),
    });
  } else days = await rollupAll(db);
  const value: TallyState = { mentionsSince: startedAt.toISOString(), sharesSince: now.toISOString() };
  await writeJobState(db, TALLY_STATE, value, now);
  return state ? { full: false, daysRecounted: days } : { full: true, rows: days };
}

/** Forgets the watermark so the next run recomputes sov_daily from scratch. */
export const resetTally = forgetTallyWatermark;
