import { sendSlackOutbox } from "../app/domain/slack.server";
import type { Db } from "../db/client.server";
import type { JobStats } from "./runner";

/** Every minute: posts queued Slack announcements (new badges, new packs) when a webhook is set. */
export function announce(db: Db, now: Date): Promise<JobStats> {
  return sendSlackOutbox(db, now);
}
