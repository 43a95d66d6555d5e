import { getEnv } from "../env.server";
import { refreshExpiringTokens } from "./accounts.server";
import { pruneJobRuns } from "./analytics/job-health.server";
import { pruneExpiredSessions } from "./auth.server";
import { tokenRefreshers } from "./connectors/oauth.server";
import { cancelSharesOfRetiredItems, markLegacyUnverifiedShares } from "./sharing.server";
import { archiveExpiredItems } from "./studio.server";
import type { Db } from "../../db/client.server";

/** The hourly upkeep job's steps. Each step is one domain module's function; add steps here. */
export async function runMaintenance(db: Db, now: Date) {
  const prunedSessions = await pruneExpiredSessions(db, now);
  const prunedJobRuns = await pruneJobRuns(db, now);
  const archivedItems = await archiveExpiredItems(db, now);
  const cancelledShares = await cancelSharesOfRetiredItems(db, now);
  const unverifiedShares = await markLegacyUnverifiedShares(db, now);
  const tokens = await refreshExpiringTokens(db, now, tokenRefreshers(getEnv().APP_URL ?? "http://localhost:3000"));
  return {
    prunedSessions,
    prunedJobRuns,
    archivedItems,
    cancelledShares,
    tokensRefreshed: tokens.refreshed,
    reconnectWarnings: tokens.warned,
    unverifiedShares,
  };
}
