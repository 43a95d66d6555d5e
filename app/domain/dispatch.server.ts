import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { rows } from "../../db/client.server";
import { contentItems, shareEvents, shares, socialAccounts } from "../../db/schema";
import { accessTokenOf, markNeedsReauth, NETWORK_NAMES, type Network } from "./accounts.server";
import { PUBLISHERS } from "./connectors/index.server";
import type { PublishResult } from "./connectors/types";

export const DISPATCH = {
  maxAttempts: 5,
  /** A claim older than this without a result means the worker died mid-call: outcome unknown. */
  leaseMs: 2 * 60_000,
  batchSize: 100,
  concurrency: 16,
  baseBackoffMs: 30_000,
  maxBackoffMs: 30 * 60_000,
} as const;

export interface DispatchStats {
  [key: string]: number;
  claimed: number;
  published: number;
  retried: number;
  failed: number;
  paused: number;
  needsReview: number;
}

/** Exponential backoff with full jitter: attempt 1 → up to 30 s, 2 → 60 s … capped at 30 min. */
export function backoffMs(attempt: number, random = Math.random): number {
  const ceiling = Math.min(DISPATCH.maxBackoffMs, DISPATCH.baseBackoffMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

interface Claimed {
  id: string;
  user_id: string;
  network: Network;
  text: string;
  attempts: number;
  link_code: string;
}

/**
 * Posts due scheduled shares, exactly once. Rows are claimed with FOR UPDATE SKIP LOCKED and set to
 * 'publishing' with a lease in one committed statement before any network call, so a second worker
 * never sees them. A share still 'publishing' after its lease has expired had its worker die mid-call:
 * nobody knows whether the network got it, so it becomes needs_review and is never posted again by itself.
 */
export async function dispatchDue(db: Db, now: Date, options: { workerId: string; onlyShareId?: string; maxBatches?: number } = { workerId: "worker" }): Promise<DispatchStats> {
  const stats: DispatchStats = { claimed: 0, published: 0, retried: 0, failed: 0, paused: 0, needsReview: 0 };
  // The job's clock: `now` when it started, moving on with real time (so tests can run it at any instant).
  const startedAt = Date.now();
  const clock = () => new Date(now.getTime() + (Date.now() - startedAt));
  stats.needsReview = await reviewAbandoned(db, now);
  for (let batch = 0; batch < (options.maxBatches ?? 1000); batch++) {
    const claimed = await claim(db, now, options.workerId, options.onlyShareId);
    if (!claimed.length) break;
    stats.claimed += claimed.length;
    let next = 0;
    const lanes = Array.from({ length: Math.min(DISPATCH.concurrency, claimed.length) }, async () => {
      while (next < claimed.length) {
        const share = claimed[next++]!;
        const outcome = await publishOne(db, share, options.workerId, clock);
        stats[outcome]++;
      }
    });
    await Promise.all(lanes);
    if (options.onlyShareId) break;
  }
  return stats;
}

async function reviewAbandoned(db: Db, now: Date): Promise<number> {
  const abandoned = await db
    .update(shares)
    .set({ status: "needs_review", lastError: "The worker stopped while posting, so we cannot tell whether the network received it. Check your profile, then retry or cancel.", claimedBy: null, leaseExpiresAt: null, updatedAt: now })
    .where(and(eq(shares.status, "publishing"), sql`${shares.leaseExpiresAt} < ${now}`))
    .returning({ id: shares.id });
  if (abandoned.length) {
    await db.insert(shareEvents).values(abandoned.map((s) => ({ shareId: s.id, kind: "needs_review", detail: "Outcome unknown after a worker stopped mid-call" })));
  }
  return abandoned.length;
}

async function claim(db: Db, now: Date, workerId: string, onlyShareId?: string): Promise<Claimed[]> {
  const lease = new Date(now.getTime() + DISPATCH.leaseMs);
  return rows<Claimed>(
    db,
    sql`with due as (
          select id from shares
          where status = 'scheduled' and method = 'api' and next_attempt_at <= ${now}
            ${onlyShareId ? sql`and id = ${onlyShareId}` : sql``}
          order by next_attempt_at
          limit ${DISPATCH.batchSize}
          for update skip locked)
        update shares s
        set status = 'publishing', claimed_by = ${workerId}, lease_expires_at = ${lease}, attempts = s.attempts + 1, updated_at = ${now}
        from due where s.id = due.id
        returning s.id, s.user_id, s.network::text as network, s.text, s.attempts, s.link_code`,
  );
}

type Outcome = "published" | "retried" | "failed" | "paused";

async function publishOne(db: Db, share: Claimed, workerId: string, clock: () => Date): Promise<Outcome> {
  const now = clock();
  const mine = and(eq(shares.id, share.id), eq(shares.status, "publishing"), eq(shares.claimedBy, workerId));
  const [context] = await db
    .select({ account: socialAccounts, title: contentItems.title, summary: contentItems.summary })
    .from(shares)
    .innerJoin(contentItems, eq(contentItems.id, shares.itemId))
    .leftJoin(socialAccounts, and(eq(socialAccounts.userId, shares.userId), eq(socialAccounts.network, shares.network)))
    .where(eq(shares.id, share.id));
  const account = context?.account;
  const event = (kind: string, detail: string) => db.insert(shareEvents).values({ shareId: share.id, kind, detail });
  await event("claimed", `Attempt ${share.attempts} by ${workerId}`);

  if (!account || account.status !== "active") {
    await db.update(shares).set({ status: "scheduled", nextAttemptAt: null, attempts: share.attempts - 1, claimedBy: null, leaseExpiresAt: null, lastError: `Waiting for you to reconnect ${NETWORK_NAMES[share.network]}`, updatedAt: now }).where(mine);
    await event("paused", `${NETWORK_NAMES[share.network]} is not connected`);
    return "paused";
  }

  const link = share.text.split("\n").pop() ?? "";
  let result: PublishResult;
  try {
    result = await PUBLISHERS[share.network]({
      accessToken: accessTokenOf(account),
      accountExternalId: account.externalId,
      pageId: account.pageId,
      text: share.network === "linkedin" || share.network === "facebook" ? share.text.slice(0, share.text.length - link.length).trim() : share.text.replace("\n", " "),
      link,
      title: context!.title,
      summary: context!.summary,
    });
  } catch (error) {
    result = { kind: "retry", message: `Unexpected error: ${(error as Error).message}`, retryAt: null };
  }

  const done = clock();
  if (result.kind === "published") {
    await db.update(shares).set({ status: "published", publishedAt: done, externalPostId: result.externalId, externalUrl: result.url, lastError: null, claimedBy: null, leaseExpiresAt: null, updatedAt: done }).where(mine);
    await event("published", result.url ?? result.externalId);
    return "published";
  }
  if (result.kind === "unauthorized") {
    await db.update(shares).set({ status: "scheduled", nextAttemptAt: null, attempts: share.attempts - 1, claimedBy: null, leaseExpiresAt: null, lastError: result.message, updatedAt: done }).where(mine);
    await markNeedsReauth(db, { id: account.id, userId: account.userId, network: share.network }, result.message, done);
    await event("paused", result.message);
    return "paused";
  }
  if (result.kind === "retry" && share.attempts < DISPATCH.maxAttempts) {
    const at = result.retryAt && result.retryAt > done ? result.retryAt : new Date(done.getTime() + backoffMs(share.attempts));
    await db.update(shares).set({ status: "scheduled", nextAttemptAt: at, claimedBy: null, leaseExpiresAt: null, lastError: result.message, updatedAt: done }).where(mine);
    await event("retry", `Attempt ${share.attempts}: ${result.message}. Next try at ${at.toISOString()}`);
    return "retried";
  }
  const message = result.kind === "retry" ? `${result.message}. Gave up after ${share.attempts} attempts.` : result.message;
  await db.update(shares).set({ status: "failed", nextAttemptAt: null, claimedBy: null, leaseExpiresAt: null, lastError: message, updatedAt: done }).where(mine);
  await event("failed", message);
  return "failed";
}
