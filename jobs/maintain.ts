import { refreshExpiringTokens } from "../app/domain/accounts.server";
import { pruneExpiredSessions } from "../app/domain/auth.server";
import { tokenRefreshers } from "../app/domain/connectors/oauth.server";
import { cancelSharesOfRetiredItems, markLegacyUnverifiedShares } from "../app/domain/sharing.server";
import { archiveExpiredItems } from "../app/domain/studio.server";
import { getEnv } from "../app/env.server";
import type { Db } from "../db/client.server";
import type { JobStats } from "./runner";

/** Hourly upkeep. Each step is one domain module's function; add steps here. */
export async function maintain(db: Db, now: Date): Promise<JobStats> {
  const prunedSessions = await pruneExpiredSessions(db, now);
  const archivedItems = await archiveExpiredItems(db, now);
  const cancelledShares = await cancelSharesOfRetiredItems(db, now);
  const unverifiedShares = await markLegacyUnverifiedShares(db, now);
  const tokens = await refreshExpiringTokens(db, now, tokenRefreshers(getEnv().APP_URL ?? "http://localhost:3000"));
  return {
    prunedSessions,
    archivedItems,
    cancelledShares,
    tokensRefreshed: tokens.refreshed,
    reconnectWarnings: tokens.warned,
    unverifiedShares,
  };
}
