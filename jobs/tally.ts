import { eq } from "drizzle-orm";
import type { Db } from "../db/client.server";
import { jobState } from "../db/schema";
import { dbNow, rollupAll, rollupTouchedDays, syncShareMentions } from "../app/domain/sov.server";
import type { JobStats } from "./runner";

const STATE = "tally";
/** Mentions committed late (a slow import batch) still land: each run looks back this far past its watermark. */
const MENTION_OVERLAP_MS = 10 * 60_000;
/** Shares whose published_at was set a little before their transaction committed are picked up on the next run. */
const SHARE_OVERLAP_MS = 24 * 3600_000;

interface TallyState {
  mentionsSince: string;
  sharesSince: string;
}

async function readState(db: Db): Promise<TallyState | null> {
  const [row] = await db.select().from(jobState).where(eq(jobState.name, STATE));
  return (row?.value as TallyState | undefined) ?? null;
}

/**
 * Share of voice tally: newly published shares become own-brand mentions, then every day touched by
 * mentions stored since the watermark is recounted whole into sov_daily. Without a watermark (first run,
 * or after `resetTally`) everything is recomputed, which yields the same table.
 */
export async function tally(db: Db, now: Date): Promise<JobStats> {
  const state = await readState(db);
  const startedAt = await dbNow(db);
  const sharesSince = state ? new Date(Date.parse(state.sharesSince) - SHARE_OVERLAP_MS) : null;
  const shareMentions = await syncShareMentions(db, sharesSince);
  let days: number;
  if (state) days = await rollupTouchedDays(db, new Date(Date.parse(state.mentionsSince) - MENTION_OVERLAP_MS));
  else days = await rollupAll(db);
  const value: TallyState = { mentionsSince: startedAt.toISOString(), sharesSince: now.toISOString() };
  await db
    .insert(jobState)
    .values({ name: STATE, value, updatedAt: now })
    .onConflictDoUpdate({ target: jobState.name, set: { value, updatedAt: now } });
  return { full: !state, shareMentions, [state ? "daysRecounted" : "rows"]: days };
}

/** Forgets the watermark so the next run recomputes sov_daily from scratch. */
export async function resetTally(db: Db): Promise<void> {
  await db.delete(jobState).where(eq(jobState.name, STATE));
}
