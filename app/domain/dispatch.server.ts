import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "../../db/client.server";
import { contentItems, shareEvents, shares, socialAccounts, users } from "../../db/schema";
import { accessTokenOf, markNeedsReauth, NETWORK_NAMES, type Network } from "./accounts.server";
import { FINDERS, PUBLISHERS } from "./connectors/index.server";
import { requestTimeoutMs, type FindResult, type PublishResult } from "./connectors/types";
import { notifyShareTrouble } from "./notifications.server";
import type { SessionUser } from "./auth.server";

export const DISPATCH = {
  maxAttempts: 5,
  /** A claim lasts this long from the moment it is made, and is extended while its worker posts. */
  leaseMs: 2 * 60_000,
  batchSize: 100,
  concurrency: 16,
  baseBackoffMs: 30_000,
  maxBackoffMs: 30 * 60_000,
  /** After a request that may have reached the network, wait this long before asking it (it may still be working). */
  checkAfterMs: 2 * 60_000,
  /** Times we try to look before leaving an unknown outcome to a person. */
  maxChecks: 5,
  /** The oldest due share this late means nobody is sending: healthz, Job health and the queue say so. */
  overdueMs: 2 * 60_000,
} as const;

const envMs = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
/** DISPATCH_LEASE_MS and DISPATCH_CHECK_AFTER_MS shorten the waits for the chaos test and the benchmark. */
export const leaseMs = () => envMs("DISPATCH_LEASE_MS", DISPATCH.leaseMs);
/** Never shorter than two request timeouts: a request we gave up on must have finished at the network. */
export const checkAfterMs = () =>
  Math.max(envMs("DISPATCH_CHECK_AFTER_MS", DISPATCH.checkAfterMs), 2 * requestTimeoutMs());

export interface DispatchStats {
  [key: string]: number;
  claimed: number;
  published: number;
  retried: number;
  failed: number;
  paused: number;
  needsReview: number;
  /** Claims of workers that died before sending: sent again by themselves. */
  released: number;
  /** Unknown outcomes looked up on the network. */
  checked: number;
  /** Claims this worker lost before sending (its lease ran out): left alone. */
  lost: number;
}

/**
 * Exponential backoff with equal jitter: the ceiling doubles per attempt (30 s, 60 s, … capped at 30 min) and
 * the wait is half of it plus a random share of the other half, so attempt 1 waits 15–30 s, 2 waits 30–60 s.
 * Unlike full jitter (anything from 0 to the ceiling) a retry never comes straight back at a network that
 * has just failed, and workers that failed together still spread out.
 */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = envMs("DISPATCH_BASE_BACKOFF_MS", DISPATCH.baseBackoffMs); // shorter in the chaos test and benchmark
  const ceiling = Math.min(DISPATCH.maxBackoffMs, base * 2 ** Math.max(0, attempt - 1));
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

/** A rate-limited look-up waits for the network's reset time, if that is no further away than this (X: 15 min windows). */
const MAX_RATE_LIMIT_WAIT_MS = 60 * 60_000;

const CHECKABLE = Object.keys(FINDERS) as Network[];
const checkable = (network: Network) => CHECKABLE.includes(network);

/**
 * Posts due scheduled shares, at most once (decision 013).
 *  1. A claim (FOR UPDATE SKIP LOCKED, one committed statement) sets 'publishing' with a lease counted from
 *     that moment; the worker extends it while it posts.
 *  2. Right before the network call, one committed statement checks the claim still holds and records
 *     `sending_at`. A lapsed claim without it was never sent: the sweep puts it back in the queue.
 *     A lapsed claim with it may have been posted: needs_review.
 *  3. An answer that leaves the outcome unknown (timeout, reset after sending, 5xx) is needs_review too.
 *     On X and Facebook dispatch then looks for the post (our tracked link is unique to the share) and
 *     settles it as published or safe to send again; on LinkedIn a person decides.
 * "Post now" (onlyShareId) posts one share and leaves other workers' claims and checks alone.
 */
export async function dispatchDue(
  db: Db,
  now: Date,
  options: { workerId: string; onlyShareId?: string; maxBatches?: number } = { workerId: "worker" },
): Promise<DispatchStats> {
  const stats: DispatchStats = {
    claimed: 0,
    published: 0,
    retried: 0,
    failed: 0,
    paused: 0,
    needsReview: 0,
    released: 0,
    checked: 0,
    lost: 0,
  };
  // The job's clock: `now` when it started, moving on with real time (so tests can run it at any instant).
  const startedAt = Date.now();
  const clock = () => new Date(now.getTime() + (Date.now() - startedAt));
  if (!options.onlyShareId) {
    const swept = await sweepAbandoned(db, clock());
    stats.released += swept.released;
    stats.needsReview += swept.needsReview;
    await checkUnknownOutcomes(db, clock, stats);
  }
  await postClaimed(db, clock, options, stats);
  return stats;
}

/**
 * Claims due shares a batch at a time and posts them on DISPATCH.concurrency lanes. A lane takes the next
 * claimed share as soon as it is done with one, and the next batch is claimed while the last few of the
 * previous one are still being posted, so a share whose network answers slowly (up to the request timeout)
 * holds up only its own lane, never the rest of its batch. Every share waiting in this worker's queue or in
 * flight keeps its lease through the heartbeat.
 */
async function postClaimed(
  db: Db,
  clock: () => Date,
  options: { workerId: string; onlyShareId?: string; maxBatches?: number },
  stats: DispatchStats,
) {
  const maxBatches = options.onlyShareId ? 1 : (options.maxBatches ?? 1000);
  const queue: Claimed[] = [];
  const contexts = new Map<string, ShareContext>();
  const open = new Set<string>();
  let batches = 0;
  let exhausted = false;
  let claiming: Promise<void> | null = null;
  // While a long run posts, unknown outcomes that came due since it started are looked up beside it (one
  // round at a time, started with each claimed batch), not only by the next run.
  let looking: Promise<void> | null = null;
  let lookFailed: Error | null = null;
  const lookMeanwhile = () => {
    if (options.onlyShareId || looking) return;
    looking = checkUnknownOutcomes(db, clock, stats)
      .catch((error: unknown) => void (lookFailed ??= asError(error)))
      .finally(() => (looking = null));
  };
  const claimMore = () =>
    (claiming ??= (async () => {
      try {
        if (batches >= maxBatches) return void (exhausted = true);
        batches++;
        const claimed = await claim(db, clock(), options.workerId, options.onlyShareId);
        if (!claimed.length || batches >= maxBatches) exhausted = true;
        if (!claimed.length) return;
        stats.claimed += claimed.length;
        lookMeanwhile();
        for (const share of claimed) open.add(share.id);
        for (const [id, context] of await contextsFor(
          db,
          claimed.map((c) => c.id),
        ))
          contexts.set(id, context);
        queue.push(...claimed);
      } catch (error) {
        exhausted = true; // the claim failed (database): post what is claimed already, claim no more
        throw error;
      } finally {
        claiming = null;
      }
    })());
  const take = async (): Promise<Claimed | undefined> => {
    for (;;) {
      const share = queue.shift();
      if (share) {
        // Claim the next batch before this one runs dry (a failure there ends the claiming; see claimMore).
        if (queue.length < DISPATCH.concurrency && !exhausted) claimMore().catch(() => undefined);
        return share;
      }
      if (exhausted) return undefined;
      await claimMore();
    }
  };
  const heartbeat = setInterval(
    () => void extendLeases(db, [...open], options.workerId, clock()).catch(() => undefined),
    Math.max(50, leaseMs() / 4),
  );
  heartbeat.unref?.();
  const lane = async () => {
    for (let share = await take(); share; share = await take()) {
      try {
        const outcome = await publishOne(db, share, contexts.get(share.id), options.workerId, clock);
        stats[outcome]++;
      } catch (error) {
        // No new claims once something went wrong; the shares already claimed are still posted (their
        // leases kept alive meanwhile), then the job reports the error.
        exhausted = true;
        throw error;
      } finally {
        open.delete(share.id);
        contexts.delete(share.id);
      }
    }
  };
  try {
    const lanes = await Promise.allSettled(Array.from({ length: DISPATCH.concurrency }, lane));
    await (looking as Promise<void> | null);
    const failed = lanes.find((l): l is PromiseRejectedResult => l.status === "rejected");
    if (failed) throw asError(failed.reason);
    // Set by the look-up round's catch (a closure TypeScript does not follow).
    const lookError = lookFailed as Error | null;
    if (lookError) throw lookError;
  } finally {
    clearInterval(heartbeat);
  }
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

const UNKNOWN_AFTER_CRASH =
  "The worker stopped while sending this post, so we cannot tell whether the network received it.";

/** Lapsed claims: never sent → back in the queue by themselves; maybe sent → needs_review (looked up where possible). */
async function sweepAbandoned(db: Db, now: Date): Promise<{ released: number; needsReview: number }> {
  const released = await rows<{ id: string }>(
    db,
    sql`update ${shares}
        set status = 'scheduled', next_attempt_at = ${now}, claimed_by = null, lease_expires_at = null,
            updated_at = ${now}
        where status = 'publishing' and lease_expires_at < ${now} and sending_at is null
        returning id`,
  );
  if (released.length) {
    await db.insert(shareEvents).values(
      released.map((s) => ({
        shareId: s.id,
        kind: "released",
        detail: "The worker stopped before sending; it goes out again by itself",
      })),
    );
  }
  const abandoned = await rows<{ id: string; user_id: string; network: Network; attempts: number }>(
    db,
    sql`update ${shares}
        set status = 'needs_review', claimed_by = null, lease_expires_at = null, review_checks = 0,
          updated_at = ${now}, last_error = ${UNKNOWN_AFTER_CRASH},
          next_attempt_at = case when network::text in (${sql.join(
            CHECKABLE.map((n) => sql`${n}`),
            sql`, `,
          )})
                                 then greatest(sending_at + ${`${checkAfterMs()} milliseconds`}::interval, ${now}) end
        where status = 'publishing' and lease_expires_at < ${now} and sending_at is not null
        returning id, user_id, network::text as network, attempts`,
  );
  for (const share of abandoned) await toReview(db, share, { message: UNKNOWN_AFTER_CRASH });
  return { released: released.length, needsReview: abandoned.length };
}

async function claim(db: Db, now: Date, workerId: string, onlyShareId?: string): Promise<Claimed[]> {
  const lease = new Date(now.getTime() + leaseMs());
  return rows<Claimed>(
    db,
    sql`with due as (
          select s.id from ${shares} s
          where s.status = 'scheduled' and s.method = 'api' and s.next_attempt_at <= ${now}
            and not exists (select 1 from ${users} u where u.id = s.user_id and u.deactivated_at is not null)
            ${onlyShareId ? sql`and s.id = ${onlyShareId}` : sql``}
          order by s.next_attempt_at
          limit ${DISPATCH.batchSize}
          for update of s skip locked)
        update ${shares} s
        set status = 'publishing', claimed_by = ${workerId}, lease_expires_at = ${lease}, sending_at = null,
            attempts = s.attempts + 1, updated_at = ${now}
        from due where s.id = due.id
        returning s.id, s.user_id, s.network::text as network, s.text, s.attempts, s.link_code`,
  );
}

async function extendLeases(db: Db, ids: string[], workerId: string, now: Date) {
  if (!ids.length) return;
  await db
    .update(shares)
    .set({ leaseExpiresAt: new Date(now.getTime() + leaseMs()) })
    .where(and(inArray(shares.id, ids), eq(shares.status, "publishing"), eq(shares.claimedBy, workerId)));
}

type Outcome = "published" | "retried" | "failed" | "paused" | "needsReview" | "lost";

const contextColumns = {
  account: socialAccounts,
  title: contentItems.title,
  summary: contentItems.summary,
  createdAt: shares.createdAt,
  scheduledAt: shares.scheduledAt,
};

function contextQuery(db: Db) {
  return db
    .select({ id: shares.id, ...contextColumns })
    .from(shares)
    .innerJoin(contentItems, eq(contentItems.id, shares.itemId))
    .leftJoin(
      socialAccounts,
      and(eq(socialAccounts.userId, shares.userId), eq(socialAccounts.network, shares.network)),
    );
}

type ShareContext = Awaited<ReturnType<typeof accountFor>>;

async function accountFor(db: Db, shareId: string) {
  const [context] = await contextQuery(db).where(eq(shares.id, shareId));
  return context;
}

/** The account and item of a claimed batch in one query (not one per share). */
async function contextsFor(db: Db, ids: string[]): Promise<Map<string, ShareContext>> {
  const found = await contextQuery(db).where(inArray(shares.id, ids));
  return new Map(found.map((c) => [c.id, c]));
}

/** The earliest moment a post of this share can exist (a few minutes earlier, for clock skew). */
const lookSince = (c: { createdAt: Date; scheduledAt: Date | null }) =>
  new Date(Math.min(c.createdAt.getTime(), c.scheduledAt?.getTime() ?? Infinity) - 5 * 60_000);

/**
 * One claimed share. On the usual path that is two round trips: the mark before sending (with the claim's
 * timeline line) and the outcome (with its line).
 */
async function publishOne(
  db: Db,
  share: Claimed,
  claimedContext: ShareContext,
  workerId: string,
  clock: () => Date,
): Promise<Outcome> {
  const mine = and(eq(shares.id, share.id), eq(shares.status, "publishing"), eq(shares.claimedBy, workerId));
  const context = claimedContext ?? (await accountFor(db, share.id));
  const account = context?.account;
  const event = (kind: string, detail: string) => db.insert(shareEvents).values({ shareId: share.id, kind, detail });
  // Back to scheduled, with this attempt given back, until the rep reconnects the network.
  const pauseUntilReconnect = (lastError: string, now: Date) =>
    db
      .update(shares)
      .set({
        status: "scheduled",
        nextAttemptAt: null,
        attempts: share.attempts - 1,
        claimedBy: null,
        leaseExpiresAt: null,
        lastError,
        updatedAt: now,
      })
      .where(mine);
  const claimedLine = `Attempt ${share.attempts} by ${workerId}`;

  if (!account || account.status !== "active") {
    await event("claimed", claimedLine);
    await pauseUntilReconnect(`Waiting for you to reconnect ${NETWORK_NAMES[share.network]}`, clock());
    await event("paused", `${NETWORK_NAMES[share.network]} is not connected`);
    return "paused";
  }

  // Right before the request leaves: do we still hold the claim? Record the moment, committed on its own,
  // so that whoever finds this claim lapsed knows the request may have left.
  // The claim's timeline line goes in with the same statement, whether or not the claim still holds.
  const sendingAt = clock();
  const marked = await rows<{ id: string }>(
    db,
    sql`with line as (
          insert into ${shareEvents} (share_id, kind, detail) values (${share.id}, 'claimed', ${claimedLine}))
        update ${shares}
        set sending_at = ${sendingAt.toISOString()}::timestamptz,
            lease_expires_at = ${new Date(sendingAt.getTime() + leaseMs()).toISOString()}::timestamptz
        where id = ${share.id} and status = 'publishing' and claimed_by = ${workerId}
          and lease_expires_at > ${sendingAt.toISOString()}::timestamptz
        returning id`,
  );
  // A worker frozen after marking (GC pause, a stopped VM) must not send once others may have moved on.
  if (!marked.length || clock().getTime() - sendingAt.getTime() > leaseMs() / 2) return "lost";

  const link = share.text.split("\n").pop() ?? "";
  let result: PublishResult;
  try {
    result = await PUBLISHERS[share.network]({
      accessToken: accessTokenOf(account),
      accountExternalId: account.externalId,
      pageId: account.pageId,
      text:
        share.network === "linkedin" || share.network === "facebook"
          ? share.text.slice(0, share.text.length - link.length).trim()
          : share.text.replace("\n", " "),
      link,
      title: context.title,
      summary: context.summary,
    });
  } catch (error) {
    // The request may have left before whatever went wrong here.
    result = { kind: "unknown", message: `Unexpected error while posting: ${(error as Error).message}` };
  }
  if (result.kind === "duplicate") {
    // X keeps one copy of a text, and ours carries a link unique to this share: look for our own earlier post.
    const found = await FINDERS[share.network]?.({
      accessToken: accessTokenOf(account),
      accountExternalId: account.externalId,
      pageId: account.pageId,
      linkCode: share.link_code,
      since: lookSince(context),
    });
    if (found?.kind === "found") result = { kind: "published", externalId: found.externalId, url: found.url };
    else if (found?.kind === "unavailable")
      result = {
        kind: "unknown",
        message: `${NETWORK_NAMES[share.network]} says this post is already there, but we could not look (${found.message})`,
      };
    else result = { kind: "failed", message: result.message };
  }

  const done = clock();
  if (result.kind === "published") {
    // Our attempt (its own `sending_at`), even if our lease ran out meanwhile and another worker marked it
    // needs_review. Status and timeline line in one statement: the line is written only if it was ours.
    const at = done.toISOString();
    await db.execute(sql`
      with settled as (
        update ${shares}
        set status = 'published', published_at = ${at}::timestamptz, external_post_id = ${result.externalId},
            external_url = ${result.url}, last_error = null, next_attempt_at = null, claimed_by = null,
            lease_expires_at = null, updated_at = ${at}::timestamptz
        where id = ${share.id} and sending_at = ${sendingAt.toISOString()}::timestamptz
          and status in ('publishing', 'needs_review')
        returning id)
      insert into ${shareEvents} (share_id, kind, detail)
      select id, 'published', ${result.url ?? result.externalId} from settled`);
    return "published";
  }
  if (result.kind === "unauthorized") {
    await pauseUntilReconnect(result.message, done);
    await markNeedsReauth(db, {
      account: { id: account.id, userId: account.userId, network: share.network },
      reason: result.message,
      now: done,
    });
    await event("paused", result.message);
    return "paused";
  }
  if (result.kind === "unknown" && checkable(share.network)) {
    // Looked up by ourselves later, nobody told yet: status and timeline line in one statement.
    const message = `${result.message}.`;
    const at = done.toISOString();
    await db.execute(sql`
      with review as (
        update ${shares}
        set status = 'needs_review', review_checks = 0, claimed_by = null, lease_expires_at = null,
            next_attempt_at = ${new Date(sendingAt.getTime() + checkAfterMs()).toISOString()}::timestamptz,
            last_error = ${message}, updated_at = ${at}::timestamptz
        where id = ${share.id} and status = 'publishing' and claimed_by = ${workerId}
        returning id)
      insert into ${shareEvents} (share_id, kind, detail)
      select id, 'needs_review', ${reviewLine(share.network, message, false)} from review`);
    return "needsReview";
  }
  if (result.kind === "unknown") {
    const message = `${result.message}.`;
    const set = await db
      .update(shares)
      .set({
        status: "needs_review",
        nextAttemptAt: checkable(share.network) ? new Date(sendingAt.getTime() + checkAfterMs()) : null,
        reviewChecks: 0,
        claimedBy: null,
        leaseExpiresAt: null,
        lastError: message,
        updatedAt: done,
      })
      .where(mine)
      .returning({ id: shares.id });
    if (set.length) await toReview(db, share, { message });
    return "needsReview";
  }
  if (result.kind === "retry" && share.attempts < DISPATCH.maxAttempts) {
    const at =
      result.retryAt && result.retryAt > done ? result.retryAt : new Date(done.getTime() + backoffMs(share.attempts));
    await db
      .update(shares)
      .set({
        status: "scheduled",
        nextAttemptAt: at,
        claimedBy: null,
        leaseExpiresAt: null,
        lastError: result.message,
        updatedAt: done,
      })
      .where(mine);
    await event("retry", `Attempt ${share.attempts}: ${result.message}. Next try at ${at.toISOString()}`);
    return "retried";
  }
  const message =
    result.kind === "retry" ? `${result.message}. Gave up after ${share.attempts} attempts.` : result.message;
  await fail(db, share, message, done, mine);
  return "failed";
}

/** Final failure: status, timeline and the rep's notification in one transaction (the notification is the event). */
async function fail(
  db: Db,
  share: { id: string; user_id: string; network: Network; attempts: number },
  message: string,
  now: Date,
  where: ReturnType<typeof and>,
) {
  await db.transaction(async (tx) => {
    const set = await tx
      .update(shares)
      .set({
        status: "failed",
        nextAttemptAt: null,
        claimedBy: null,
        leaseExpiresAt: null,
        lastError: message,
        updatedAt: now,
      })
      .where(where)
      .returning({ id: shares.id });
    if (!set.length) return;
    await tx.insert(shareEvents).values({ shareId: share.id, kind: "failed", detail: message });
    await notifyShareTrouble(tx, {
      shareId: share.id,
      userId: share.user_id,
      network: share.network,
      outcome: "failed",
      reason: message,
      attempt: share.attempts,
    });
  });
}

/**
 * A share whose outcome is unknown: its timeline says so; where nobody can look it up (LinkedIn, or the
 * look-ups gave up) the rep is told, once per attempt, with the reason and what to do.
 */
async function toReview(
  db: Db,
  share: { id: string; user_id: string; network: Network; attempts: number },
  input: { message: string; waitsForPerson?: boolean },
) {
  const person = input.waitsForPerson ?? !checkable(share.network);
  await db.transaction(async (tx) => {
    await tx.insert(shareEvents).values({
      shareId: share.id,
      kind: "needs_review",
      detail: reviewLine(share.network, input.message, person),
    });
    if (person)
      await notifyShareTrouble(tx, {
        shareId: share.id,
        userId: share.user_id,
        network: share.network,
        outcome: "needs_review",
        reason: input.message,
        attempt: share.attempts,
      });
  });
}

/** The timeline line of a needs_review share: the reason, and whether we look by ourselves. */
const reviewLine = (network: Network, message: string, waitsForPerson: boolean) =>
  waitsForPerson ? message : `${message} We will look on ${NETWORK_NAMES[network]} by ourselves.`;

interface Unknown {
  id: string;
  user_id: string;
  network: Network;
  link_code: string;
  attempts: number;
  review_checks: number;
}

/** Unknown outcomes due for a look on the network: found → published, absent → sent again, no answer → later or a person. */
async function checkUnknownOutcomes(db: Db, clock: () => Date, stats: DispatchStats) {
  if (!CHECKABLE.length) return;
  const now = clock();
  const due = await rows<Unknown>(
    db,
    sql`with due as (
          select id from ${shares}
          where status = 'needs_review' and next_attempt_at <= ${now}
            and network::text in (${sql.join(
              CHECKABLE.map((n) => sql`${n}`),
              sql`, `,
            )})
          order by next_attempt_at limit ${DISPATCH.batchSize}
          for update skip locked)
        update ${shares} s
        set next_attempt_at = ${new Date(now.getTime() + leaseMs())}, review_checks = s.review_checks + 1,
            updated_at = ${now}
        from due where s.id = due.id
        returning s.id, s.user_id, s.network::text as network, s.link_code, s.attempts, s.review_checks`,
  );
  if (!due.length) return;
  const contexts = await contextsFor(
    db,
    due.map((d) => d.id),
  );
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(DISPATCH.concurrency, due.length) }, async () => {
      while (next < due.length) {
        const share = due[next++];
        if (!share) break;
        stats.checked++;
        const outcome = await settleUnknown(db, share, contexts.get(share.id), clock);
        if (outcome) stats[outcome]++;
      }
    }),
  );
}

async function settleUnknown(
  db: Db,
  share: Unknown,
  dueContext: ShareContext,
  clock: () => Date,
): Promise<"published" | "retried" | "failed" | null> {
  const name = NETWORK_NAMES[share.network];
  const pending = and(
    eq(shares.id, share.id),
    eq(shares.status, "needs_review"),
    eq(shares.reviewChecks, share.review_checks),
  );
  const context = dueContext ?? (await accountFor(db, share.id));
  const account = context?.account;
  // Only shares on networks that can be asked (CHECKABLE) are due for a check.
  const find = FINDERS[share.network];
  if (!find) throw new Error(`${name} posts cannot be looked up`);
  let found: FindResult;
  if (!account || account.status !== "active") found = { kind: "unavailable", message: `${name} is not connected` };
  else {
    found = await find({
      accessToken: accessTokenOf(account),
      accountExternalId: account.externalId,
      pageId: account.pageId,
      linkCode: share.link_code,
      since: lookSince(context),
    });
  }
  const now = clock();
  const event = (kind: string, detail: string) => db.insert(shareEvents).values({ shareId: share.id, kind, detail });
  if (found.kind === "found") {
    const at = now.toISOString();
    await db.execute(sql`
      with settled as (
        update ${shares}
        set status = 'published', published_at = ${at}::timestamptz, external_post_id = ${found.externalId},
            external_url = ${found.url}, last_error = null, next_attempt_at = null, updated_at = ${at}::timestamptz
        where id = ${share.id} and status = 'needs_review' and review_checks = ${share.review_checks}
        returning id)
      insert into ${shareEvents} (share_id, kind, detail)
      select id, 'published', ${`Found on ${name} after the unknown outcome: ${found.url ?? found.externalId}`}
      from settled`);
    return "published";
  }
  if (found.kind === "absent") {
    if (share.attempts >= DISPATCH.maxAttempts) {
      await fail(
        db,
        share,
        `${name} did not receive the post. Gave up after ${share.attempts} attempts.`,
        now,
        pending,
      );
      return "failed";
    }
    const at = new Date(now.getTime() + backoffMs(share.attempts));
    const set = await db
      .update(shares)
      .set({
        status: "scheduled",
        nextAttemptAt: at,
        lastError: `${name} did not receive the post; sending it again`,
        updatedAt: now,
      })
      .where(pending)
      .returning({ id: shares.id });
    if (set.length) await event("checked", `Not on ${name}: safe to send again. Next try at ${at.toISOString()}`);
    return "retried";
  }
  const reset = found.retryAt?.getTime() ?? 0;
  if (reset > now.getTime() && reset - now.getTime() <= MAX_RATE_LIMIT_WAIT_MS) {
    // Rate limited: the network said when it will answer again. We wait until then, and the look does not
    // count as a failed one (it never got to look), so a rate limit alone never leaves the post to a person.
    const at = new Date(reset + 1000);
    const set = await db
      .update(shares)
      .set({ nextAttemptAt: at, reviewChecks: share.review_checks - 1, updatedAt: now })
      .where(pending)
      .returning({ id: shares.id });
    if (set.length)
      await event("check_waiting", `${found.message}. Next look when its limit resets, at ${at.toISOString()}`);
    return null;
  }
  if (share.review_checks < DISPATCH.maxChecks) {
    const at = new Date(now.getTime() + backoffMs(share.review_checks));
    await db.update(shares).set({ nextAttemptAt: at, updatedAt: now }).where(pending);
    await event("check_failed", `Could not look on ${name} (${found.message}). Next look at ${at.toISOString()}`);
    return null;
  }
  const message = `We cannot tell whether ${name} received this post: we could not check (${found.message}).`;
  const set = await db
    .update(shares)
    .set({ nextAttemptAt: null, lastError: message, updatedAt: now })
    .where(pending)
    .returning({ id: shares.id });
  if (set.length) await toReview(db, share, { message, waitsForPerson: true });
  return null;
}

export const retryShareSchema = z.object({
  intent: z.literal("retry"),
  shareId: z.string().uuid(),
  /** Required for needs_review: the rep checked their profile and accepts that it may post twice. */
  confirmDuplicate: z.enum(["yes"]).optional(),
});

/**
 * A person sends a failed or needs_review share again. Where the outcome is unknown the post may
 * already be on the network, so the rep must confirm they looked and accept a possible duplicate.
 */
export async function retryShare(
  db: Db,
  { user, input, now = new Date() }: { user: SessionUser; input: z.infer<typeof retryShareSchema>; now?: Date },
): Promise<{ ok: boolean; message: string; field?: string }> {
  const [share] = await db
    .select({ id: shares.id, status: shares.status, network: shares.network })
    .from(shares)
    .where(and(eq(shares.id, input.shareId), eq(shares.userId, user.id)));
  if (!share) return { ok: false, message: "That share no longer exists." };
  if (share.status !== "failed" && share.status !== "needs_review")
    return { ok: false, message: "Only a failed post or one that needs review can be sent again." };
  if (share.status === "needs_review" && !input.confirmDuplicate) {
    return {
      ok: false,
      field: "confirmDuplicate",
      message: `This post may already be on your ${NETWORK_NAMES[share.network]} profile. Look there first; tick the box to send it again anyway.`,
    };
  }
  const set = await db
    .update(shares)
    .set({ status: "scheduled", nextAttemptAt: now, attempts: 0, reviewChecks: 0, lastError: null, updatedAt: now })
    .where(and(eq(shares.id, share.id), eq(shares.status, share.status)))
    .returning({ id: shares.id });
  if (!set.length) return { ok: false, message: "This post changed meanwhile; reload the page." };
  await db.insert(shareEvents).values({
    shareId: share.id,
    kind: "retry",
    detail:
      share.status === "needs_review" ? "Sent again by you (you accepted that it may post twice)" : "Sent again by you",
  });
  return { ok: true, message: "Sending it again." };
}

/** How late the oldest due share is (ms), or 0 when nothing waits: more than DISPATCH.overdueMs means no worker sends. */
export async function dispatchLagMs(db: Db, now = new Date()): Promise<number> {
  const [row] = await rows<{ due: string | Date | null }>(
    db,
    sql`select s.next_attempt_at as due from ${shares} s
        where s.status = 'scheduled' and s.method = 'api' and s.next_attempt_at <= ${now}
          and not exists (select 1 from ${users} u where u.id = s.user_id and u.deactivated_at is not null)
        order by s.next_attempt_at limit 1`,
  );
  if (!row?.due) return 0;
  return Math.max(0, now.getTime() - new Date(row.due).getTime());
}

export async function dispatchOverdue(db: Db, now = new Date()): Promise<{ overdue: boolean; lateMs: number }> {
  const lateMs = await dispatchLagMs(db, now);
  return { overdue: lateMs >= DISPATCH.overdueMs, lateMs };
}

/** The rep's own shares that are due but not yet sent (the queue's "sending is delayed" note). */
export async function delayedSharesOf(db: Db, userId: string, now = new Date()): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${shares}
        where user_id = ${userId} and status = 'scheduled' and method = 'api'
          and next_attempt_at <= ${new Date(now.getTime() - DISPATCH.overdueMs)}`,
  );
  return row?.n ?? 0;
}

/**
 * Rescheduling a needs_review share would send it again without the duplicate warning; the rep sends it
 * again through retryShare (with the confirmation) or cancels it.
 */
export async function rescheduleRefusal(db: Db, userId: string, shareId: string): Promise<string | null> {
  const [share] = await db
    .select({ status: shares.status })
    .from(shares)
    .where(and(eq(shares.id, shareId), eq(shares.userId, userId)));
  return share?.status === "needs_review"
    ? "We cannot tell whether this post went out. Look on your profile, then send it again or cancel it."
    : null;
}
