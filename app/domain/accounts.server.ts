import { and, eq, isNull, lte, sql } from "drizzle-orm";
import { shares, socialAccounts } from "../../db/schema";
import { decryptToken, encryptToken } from "./crypto.server";
import { NETWORK_NAMES, type Network } from "./networks";
import { notify } from "./notifications.server";
import type { Db } from "../../db/client.server";
export { NETWORK_NAMES, type Network };

export interface AccountHealth {
  id: string;
  network: Network;
  displayName: string | null;
  status: "active" | "needs_reauth" | "revoked";
  expiresAt: Date | null;
  /** active | expiring (within 7 days) | needs_reconnect */
  health: "active" | "expiring" | "needs_reconnect";
  /** Whole days until a non-renewable token expires; null when it renews itself or never expires. */
  daysLeft: number | null;
  renewable: boolean;
}

export async function listAccounts(db: Db, userId: string, now = new Date()): Promise<AccountHealth[]> {
  const rows = await db.select().from(socialAccounts).where(eq(socialAccounts.userId, userId));
  return rows.map((a) => {
    // Tokens with a refresh token are renewed by the maintain job; only the others really expire.
    const renewable = Boolean(a.refreshTokenEnc);
    const daysLeft = a.expiresAt && !renewable ? Math.floor((a.expiresAt.getTime() - now.getTime()) / 86400_000) : null;
    const expired = !renewable && a.expiresAt !== null && a.expiresAt <= now;
    const health =
      a.status !== "active" || expired ? "needs_reconnect" : daysLeft !== null && daysLeft <= 7 ? "expiring" : "active";
    return {
      id: a.id,
      network: a.network,
      displayName: a.displayName,
      status: a.status,
      expiresAt: a.expiresAt,
      health,
      daysLeft,
      renewable,
    };
  });
}

export async function activeAccount(db: Db, userId: string, network: Network) {
  const [account] = await db
    .select()
    .from(socialAccounts)
    .where(
      and(eq(socialAccounts.userId, userId), eq(socialAccounts.network, network), eq(socialAccounts.status, "active")),
    );
  return account ?? null;
}

export function accessTokenOf(account: { accessTokenEnc: string }): string {
  return decryptToken(account.accessTokenEnc);
}

/** Stores (or replaces) a connected account with encrypted tokens, and resumes shares paused for it. */
export async function saveAccount(
  db: Db,
  input: {
    userId: string;
    network: Network;
    externalId: string;
    displayName: string | null;
    pageId?: string | null;
    accessToken: string;
    refreshToken?: string | null;
    expiresAt: Date | null;
    scopes?: string | null;
  },
  now = new Date(),
) {
  const values = {
    userId: input.userId,
    network: input.network,
    externalId: input.externalId,
    displayName: input.displayName,
    pageId: input.pageId ?? null,
    accessTokenEnc: encryptToken(input.accessToken),
    refreshTokenEnc: input.refreshToken ? encryptToken(input.refreshToken) : null,
    expiresAt: input.expiresAt,
    scopes: input.scopes ?? null,
    status: "active" as const,
    updatedAt: now,
  };
  // A reconnect that brings no refresh token (LinkedIn and X issue one only on some grants) keeps the one
  // stored for the same account, so its renewal goes on; another account's refresh token is never kept.
  const keepRefresh =
    sql.raw(`case when excluded.refresh_token_enc is null and social_accounts.external_id = excluded.external_id
    then social_accounts.refresh_token_enc else excluded.refresh_token_enc end`);
  const [account] = await db
    .insert(socialAccounts)
    .values(values)
    .onConflictDoUpdate({
      target: [socialAccounts.userId, socialAccounts.network],
      set: { ...values, refreshTokenEnc: keepRefresh },
    })
    .returning();
  if (!account) throw new Error("Saving the account returned no row");
  await db
    .update(shares)
    .set({
      nextAttemptAt: sql`greatest(coalesce(${shares.scheduledAt}, ${now}), ${now})`,
      lastError: null,
      updatedAt: now,
    })
    .where(
      and(
        eq(shares.userId, input.userId),
        eq(shares.network, input.network),
        eq(shares.status, "scheduled"),
        isNull(shares.nextAttemptAt),
      ),
    );
  return account;
}

export async function disconnectAccount(db: Db, userId: string, accountId: string): Promise<boolean> {
  const deleted = await db
    .delete(socialAccounts)
    .where(and(eq(socialAccounts.id, accountId), eq(socialAccounts.userId, userId)))
    .returning({ id: socialAccounts.id });
  return deleted.length > 0;
}

/** The network refused the token: the account needs reconnecting, its pending shares wait, the rep is told. */
export async function markNeedsReauth(
  db: Db,
  {
    account,
    reason,
    now = new Date(),
  }: { account: { id: string; userId: string; network: Network }; reason: string; now?: Date },
) {
  await db
    .update(socialAccounts)
    .set({ status: "needs_reauth", updatedAt: now })
    .where(eq(socialAccounts.id, account.id));
  await db
    .update(shares)
    .set({
      nextAttemptAt: null,
      lastError: `Waiting for you to reconnect ${NETWORK_NAMES[account.network]} (${reason})`,
      updatedAt: now,
    })
    .where(and(eq(shares.userId, account.userId), eq(shares.network, account.network), eq(shares.status, "scheduled")));
  await notify(db, {
    userId: account.userId,
    kind: "account.needs_reauth",
    title: `Reconnect ${NETWORK_NAMES[account.network]}`,
    body: `${reason}. Your scheduled posts to ${NETWORK_NAMES[account.network]} are paused until you reconnect.`,
    link: "/connections",
    dedupeKey: `reauth:${account.id}:${now.toISOString().slice(0, 10)}`,
  });
}

const REFRESH_WITHIN_MS = 3 * 86400_000;
/** A token that cannot renew itself (LinkedIn member tokens without refresh last 60 days) is announced this early. */
export const WARN_WITHIN_MS = 7 * 86400_000;

/**
 * Refreshes tokens that expire within three days (LinkedIn and X issue refresh tokens). A token that
 * cannot be refreshed (none issued, or refused) is announced seven days before it expires, once per
 * token: the dedupe key names the expiry, so a reconnect (a new expiry) can be announced again.
 */
export async function refreshExpiringTokens(
  db: Db,
  now: Date,
  refreshers: Partial<
    Record<
      Network,
      (refreshToken: string) => Promise<{ accessToken: string; refreshToken: string | null; expiresAt: Date | null }>
    >
  >,
): Promise<{ refreshed: number; warned: number }> {
  const expiring = await db
    .select()
    .from(socialAccounts)
    .where(
      and(eq(socialAccounts.status, "active"), lte(socialAccounts.expiresAt, new Date(now.getTime() + WARN_WITHIN_MS))),
    );
  let refreshed = 0;
  let warned = 0;
  for (const account of expiring) {
    const refresh = refreshers[account.network];
    const refreshable = Boolean(refresh && account.refreshTokenEnc);
    // Renewable tokens are left alone until they are within three days of expiring.
    if (refreshable && account.expiresAt && account.expiresAt.getTime() >= now.getTime() + REFRESH_WITHIN_MS) continue;
    if (refresh && account.refreshTokenEnc) {
      try {
        const tokens = await refresh(decryptToken(account.refreshTokenEnc));
        await db
          .update(socialAccounts)
          .set({
            accessTokenEnc: encryptToken(tokens.accessToken),
            refreshTokenEnc: tokens.refreshToken ? encryptToken(tokens.refreshToken) : account.refreshTokenEnc,
            expiresAt: tokens.expiresAt,
            updatedAt: now,
          })
          .where(eq(socialAccounts.id, account.id));
        refreshed++;
        continue;
      } catch {
        // fall through to the warning
      }
    }
    const days = account.expiresAt
      ? Math.max(0, Math.ceil((account.expiresAt.getTime() - now.getTime()) / 86400_000))
      : 0;
    warned += await notify(db, {
      userId: account.userId,
      kind: "account.expiring",
      title: `Reconnect ${NETWORK_NAMES[account.network]}`,
      body:
        days > 0
          ? `Your ${NETWORK_NAMES[account.network]} connection expires in ${days} day${days === 1 ? "" : "s"}.`
          : `Your ${NETWORK_NAMES[account.network]} connection has expired.`,
      link: "/connections",
      dedupeKey: `expiring:${account.id}:${account.expiresAt?.toISOString() ?? "none"}`,
    });
  }
  return { refreshed, warned };
}
