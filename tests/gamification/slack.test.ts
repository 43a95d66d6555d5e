import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runAwards } from "~/domain/gamification/award-run.server";
import {
  maskWebhook,
  saveSlackWebhook,
  sendSlackOutbox,
  SLACK_MAX_ATTEMPTS,
  slackWebhookUrl,
} from "~/domain/slack.server";
import { packs, slackOutbox } from "../../db/schema";
import { slackMessages } from "../../mocks/slack";
import { useAwardsTestDb } from "../helpers/awards";
import { createUser } from "../helpers/factories";
import { createRep } from "../helpers/fixtures";

describe("Slack announcements", () => {
  const { t, publish } = useAwardsTestDb();

  it("announces new badges and packs on Slack once, and handles Slack's refusals", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    await saveSlackWebhook(t.db, {
      actorId: admin.id,
      webhookUrl: "https://hooks.slack.com/services/T0001/B0001/good",
    });
    const rep = await createRep(t.db, { name: "Slack <!channel> Star" });
    const at = new Date("2026-07-01T10:00:00Z");
    // The first run after a reset announces nothing (it re-earns every badge at once).
    await runAwards(t.db, new Date("2026-07-01T08:00:00Z"));
    await publish(rep.id, "2026-07-01T09:00:00Z");
    await t.db.insert(packs).values({
      title: "Autumn campaign",
      description: "Four posts",
      status: "published",
      publishedAt: new Date("2026-07-01T09:30:00Z"),
    });
    await runAwards(t.db, at);
    await runAwards(t.db, at);
    const queued = await t.db.select().from(slackOutbox);
    expect(queued.map((m) => m.text)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("Slack &lt;!channel&gt; Star earned the *First share* badge"),
        expect.stringContaining("New pack for sharing: *Autumn campaign* — Four posts"),
      ]),
    );
    const before = slackMessages.length;
    expect(await sendSlackOutbox(t.db, at)).toMatchObject({ failed: 0, waiting: 0 });
    expect(await sendSlackOutbox(t.db, at)).toMatchObject({ sent: 0 });
    expect(slackMessages.length - before).toBe(queued.length);

    // 429: wait for Retry-After, and the rest of the queue waits too.
    await saveSlackWebhook(t.db, {
      actorId: admin.id,
      webhookUrl: "https://hooks.slack.com/services/T0001/B0001/busy",
    });
    await t.db.insert(slackOutbox).values([
      { dedupeKey: "t1", text: "one" },
      { dedupeKey: "t2", text: "two" },
    ]);
    expect(await sendSlackOutbox(t.db, at)).toEqual({ sent: 0, failed: 1, waiting: 2 });
    const [limited] = await t.db.select().from(slackOutbox).where(eq(slackOutbox.dedupeKey, "t1"));
    expect(limited).toMatchObject({
      attempts: 1,
      lastError: "rate_limited",
      nextAttemptAt: new Date(at.getTime() + 30_000),
    });
    // A revoked webhook is a permanent refusal: dropped with its reason, not retried.
    await saveSlackWebhook(t.db, {
      actorId: admin.id,
      webhookUrl: "https://hooks.slack.com/services/T0001/B0001/revoked",
    });
    expect(await sendSlackOutbox(t.db, new Date(at.getTime() + 60_000))).toEqual({ sent: 0, failed: 2, waiting: 0 });
    const dropped = await t.db.select().from(slackOutbox).where(eq(slackOutbox.dedupeKey, "t2"));
    expect(dropped[0]).toMatchObject({ attempts: SLACK_MAX_ATTEMPTS, lastError: "403 invalid_token", sentAt: null });
    // A 5xx backs off and stays queued.
    await saveSlackWebhook(t.db, {
      actorId: admin.id,
      webhookUrl: "https://hooks.slack.com/services/T0001/B0001/broken",
    });
    await t.db.insert(slackOutbox).values({ dedupeKey: "t3", text: "three" });
    expect(await sendSlackOutbox(t.db, at)).toEqual({ sent: 0, failed: 1, waiting: 1 });
    await saveSlackWebhook(t.db, { actorId: admin.id, webhookUrl: "" });
    expect(maskWebhook("https://hooks.slack.com/services/T0001/B0001/SECRET")).toBe(
      "https://hooks.slack.com/services/••••",
    );
    expect(slackWebhookUrl.safeParse("https://hooks.slack.com/services/T0001/B0001/SECRET/").success).toBe(false);
  });
});
