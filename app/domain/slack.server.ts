import { and, asc, eq, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "../../db/client.server";
import { settings, slackOutbox } from "../../db/schema";
import { getEnv } from "../env.server";
import { audit } from "./audit.server";

export const slackWebhookUrl = z
  .string()
  .trim()
  .max(500)
  .refine(
    (u) => u === "" || /^https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(u),
    "Use the incoming-webhook URL Slack gives you: https://hooks.slack.com/services/…",
  );

const SETTING = "slack";

/** A value in Slack's mrkdwn: &, < and > escaped, so a name like "<!channel>" cannot ping or link. */
export function slackText(value: SQL): SQL {
  return sql`replace(replace(replace(${value}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;
}

/** The webhook as shown to admins: the secret path after /services/ never reaches the browser. */
export function maskWebhook(url: string): string {
  return url.replace(/\/services\/.*$/, "/services/••••");
}
/**
 * After this many tries, or a refusal Slack says will not change (bad token, archived channel), a message is
 * dropped.
 */
export const SLACK_MAX_ATTEMPTS = 5;

/** The admin's setting wins (empty = off); without one, SLACK_WEBHOOK_URL from the environment. */
export async function getSlackWebhook(db: Db): Promise<string | null> {
  const [row] = await db.select().from(settings).where(eq(settings.key, SETTING));
  if (row) return (row.value as { webhookUrl?: string }).webhookUrl || null;
  return getEnv().SLACK_WEBHOOK_URL ?? null;
}

export async function saveSlackWebhook(
  db: Db,
  { actorId, webhookUrl, now = new Date() }: { actorId: string; webhookUrl: string; now?: Date },
): Promise<void> {
  await db
    .insert(settings)
    .values({ key: SETTING, value: { webhookUrl }, updatedBy: actorId, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value: { webhookUrl }, updatedBy: actorId, updatedAt: now } });
  // The URL is a secret: the audit records that it changed, not what it is.
  await audit(db, {
    actorId,
    action: "settings.slack",
    targetType: "settings",
    targetId: SETTING,
    detail: { enabled: webhookUrl !== "" },
  });
}

/**
 * Enqueues announcements from a query yielding (dedupe_key, text). Each key is enqueued once ever,
 * so the award job may run any number of times. Nothing is queued while Slack is not configured.
 */
export async function enqueueSlack(db: Db, candidates: SQL): Promise<number> {
  if (!(await getSlackWebhook(db))) return 0;
  const inserted = await rows<{ id: number }>(
    db,
    sql`
      insert into ${slackOutbox} (dedupe_key, text)
      select dedupe_key, text from (${candidates}) as c(dedupe_key, text)
      on conflict (dedupe_key) do nothing
      returning id`,
  );
  return inserted.length;
}

/**
 * Posts queued announcements to the incoming webhook, oldest first. A message is marked sent as soon
 * as Slack says "ok"; a 429 waits for Retry-After, a 5xx backs off, a permanent refusal is dropped
 * with its reason kept for the job page.
 */
export async function sendSlackOutbox(
  db: Db,
  now = new Date(),
  limit = 50,
): Promise<{ sent: number; failed: number; waiting: number }> {
  const webhook = await getSlackWebhook(db);
  if (!webhook) return { sent: 0, failed: 0, waiting: 0 };
  const due = await db
    .select()
    .from(slackOutbox)
    .where(
      and(
        isNull(slackOutbox.sentAt),
        lt(slackOutbox.attempts, SLACK_MAX_ATTEMPTS),
        or(isNull(slackOutbox.nextAttemptAt), lte(slackOutbox.nextAttemptAt, now)),
      ),
    )
    .orderBy(asc(slackOutbox.id))
    .limit(limit);
  let sent = 0;
  let failed = 0;
  for (const message of due) {
    const outcome = await postToSlack(webhook, message.text);
    if (outcome.ok) {
      await db
        .update(slackOutbox)
        .set({ sentAt: now, attempts: message.attempts + 1, lastError: null })
        .where(eq(slackOutbox.id, message.id));
      sent++;
      continue;
    }
    failed++;
    const attempts = outcome.permanent ? SLACK_MAX_ATTEMPTS : message.attempts + 1;
    const wait = outcome.retryAfterSeconds ?? 60 * 2 ** message.attempts;
    await db
      .update(slackOutbox)
      .set({ attempts, lastError: outcome.error, nextAttemptAt: new Date(now.getTime() + wait * 1000) })
      .where(eq(slackOutbox.id, message.id));
    // Rate limited: the rest of the queue waits too.
    if (outcome.retryAfterSeconds !== undefined) break;
  }
  const [left] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(slackOutbox)
    .where(and(isNull(slackOutbox.sentAt), lt(slackOutbox.attempts, SLACK_MAX_ATTEMPTS)));
  return { sent, failed, waiting: left?.n ?? 0 };
}

type SlackOutcome = { ok: true } | { ok: false; permanent: boolean; error: string; retryAfterSeconds?: number };

async function postToSlack(webhook: string, text: string): Promise<SlackOutcome> {
  try {
    const response = await fetch(webhook, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text }),
      signal: AbortSignal.timeout(Number(process.env.NETWORK_TIMEOUT_MS ?? 10_000)),
    });
    const body = (await response.text()).trim();
    if (response.ok) return { ok: true };
    if (response.status === 429)
      return {
        ok: false,
        permanent: false,
        error: "rate_limited",
        retryAfterSeconds: Math.max(1, Number(response.headers.get("Retry-After") ?? 30) || 30),
      };
    if (response.status >= 500)
      return { ok: false, permanent: false, error: `${response.status} ${body || "server error"}` };
    return { ok: false, permanent: true, error: `${response.status} ${body || "refused"}` };
  } catch (e) {
    return { ok: false, permanent: false, error: e instanceof Error ? e.message : "network error" };
  }
}
