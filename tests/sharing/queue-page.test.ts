import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  cancelShare,
  listQueuePage,
  QUEUE_PAGE_SIZE,
  queueQuerySchema,
  UNDO_MINUTES,
  undoCancel,
  weekDays,
} from "~/domain/queue.server";
import { shares } from "../../db/schema";
import { createItem, createRep, queueShare, reloadShare } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";
import type { Db } from "../../db/client.server";

const NOW = new Date("2026-12-02T08:00:00Z");
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
const query = (q: Record<string, string> = {}) => queueQuerySchema.parse(q);

/** A past share: published on LinkedIn/X/Facebook `daysAgo` days before NOW. */
async function pastShare(
  db: Db,
  input: { userId: string; itemId: string; network: "linkedin" | "x" | "facebook" },
  daysAgo: number,
  status: "published" | "opened" | "cancelled" = "published",
) {
  const share = await queueShare(db, { ...input, at: new Date(NOW.getTime() - daysAgo * 86400_000) });
  await db
    .update(shares)
    .set({ status, publishedAt: status === "cancelled" ? null : new Date(NOW.getTime() - daysAgo * 86400_000) })
    .where(eq(shares.id, share.id));
  return share;
}

describe("the queue page", () => {
  const t = useTestDb();

  it("lists upcoming posts soonest first above a history paged by 20, newest first", async () => {
    const rep = await createRep(t.db, { timeZone: "Europe/Berlin" });
    const item = await createItem(t.db, { title: "Autonomous ops for everyone" });
    const later = await queueShare(t.db, {
      userId: rep.id,
      itemId: item.id,
      network: "linkedin",
      at: minutes(3 * 1440),
    });
    const soon = await queueShare(t.db, { userId: rep.id, itemId: item.id, network: "x", at: minutes(60) });
    const past = [];
    for (let i = 1; i <= QUEUE_PAGE_SIZE + 5; i++)
      past.push(
        await pastShare(t.db, { userId: rep.id, itemId: item.id, network: i % 2 ? "linkedin" : "facebook" }, i),
      );

    const first = await listQueuePage(t.db, { user: rep, query: query(), now: NOW });
    expect(first.upcoming.map((s) => s.id)).toEqual([soon.id, later.id]);
    expect(first.history).toHaveLength(QUEUE_PAGE_SIZE);
    expect(first.history[0]?.id).toBe(past[0]?.id);
    expect(first.hasMore).toBe(true);
    const second = await listQueuePage(t.db, { user: rep, query: query({ page: "2" }), now: NOW });
    expect(second.history.map((s) => s.id)).toEqual(past.slice(QUEUE_PAGE_SIZE).map((s) => s.id));
    expect(second.hasMore).toBe(false);
    // Scheduled posts are never in the history.
    expect([...first.history, ...second.history].some((s) => s.status === "scheduled")).toBe(false);
  });

  it("names each entry by item, network and local time, so no two entries share a name", async () => {
    const rep = await createRep(t.db, { timeZone: "Europe/Berlin" });
    const item = await createItem(t.db, { title: "Autonomous ops for everyone" });
    await queueShare(t.db, {
      userId: rep.id,
      itemId: item.id,
      network: "linkedin",
      at: new Date("2026-12-03T08:00:00Z"),
    });
    await queueShare(t.db, { userId: rep.id, itemId: item.id, network: "x", at: new Date("2026-12-03T08:00:00Z") });
    const page = await listQueuePage(t.db, { user: rep, query: query(), now: NOW });
    expect(page.upcoming.map((s) => s.name).sort()).toEqual([
      "Autonomous ops for everyone — LinkedIn — Thu 3 Dec, 09:00",
      "Autonomous ops for everyone — X — Thu 3 Dec, 09:00",
    ]);
  });

  it("filters the history by status and by network, and ignores unknown filter values", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    const onLinkedIn = await pastShare(t.db, { userId: rep.id, itemId: item.id, network: "linkedin" }, 1);
    const onX = await pastShare(t.db, { userId: rep.id, itemId: item.id, network: "x" }, 2, "opened");
    const cancelled = await pastShare(t.db, { userId: rep.id, itemId: item.id, network: "x" }, 3, "cancelled");
    const ids = async (q: Record<string, string>) =>
      (await listQueuePage(t.db, { user: rep, query: query(q), now: NOW })).history.map((s) => s.id);
    expect(await ids({ network: "x" })).toEqual([onX.id, cancelled.id]);
    expect(await ids({ status: "opened" })).toEqual([onX.id]);
    expect(await ids({ status: "cancelled", network: "x" })).toEqual([cancelled.id]);
    expect(await ids({ network: "linkedin" })).toEqual([onLinkedIn.id]);
    expect(await ids({ network: "myspace", status: "bogus", page: "-3" })).toEqual([
      onLinkedIn.id,
      onX.id,
      cancelled.id,
    ]);
  });

  it("shows only the rep's own shares", async () => {
    const rep = await createRep(t.db);
    const other = await createRep(t.db);
    const item = await createItem(t.db);
    await queueShare(t.db, { userId: other.id, itemId: item.id, network: "x", at: minutes(60) });
    const page = await listQueuePage(t.db, { user: rep, query: query(), now: NOW });
    expect(page.upcoming).toEqual([]);
    expect(page.history).toEqual([]);
  });

  it("names the week's days in the rep's zone", () => {
    // 23:30 UTC on Wednesday is already Thursday in Tokyo.
    const days = weekDays(new Date("2026-12-02T23:30:00Z"), "Asia/Tokyo");
    expect(days[0]).toEqual({ date: "2026-12-03", label: "Thu 3 Dec" });
    expect(days.map((d) => d.label)).toHaveLength(7);
    expect(days[6]?.label).toBe("Wed 9 Dec");
  });
});

describe("cancelling and undoing", () => {
  const t = useTestDb();

  it("cancels a scheduled post, keeps it upcoming with Undo, and Undo schedules it again for its time", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    const share = await queueShare(t.db, { userId: rep.id, itemId: item.id, network: "linkedin", at: minutes(120) });
    expect(await cancelShare(t.db, { user: rep, shareId: share.id, now: NOW })).toMatchObject({ ok: true });
    expect(await reloadShare(t.db, share.id)).toMatchObject({ status: "cancelled", nextAttemptAt: null });
    const page = await listQueuePage(t.db, { user: rep, query: query(), now: minutes(1) });
    expect(page.upcoming).toMatchObject([{ id: share.id, status: "cancelled", undoable: true }]);
    expect(page.history).toEqual([]);

    const undone = await undoCancel(t.db, { user: rep, input: { intent: "undo", shareId: share.id }, now: minutes(2) });
    expect(undone).toMatchObject({ ok: true });
    const restored = await reloadShare(t.db, share.id);
    expect(restored).toMatchObject({ status: "scheduled" });
    expect(restored.nextAttemptAt?.toISOString()).toBe(minutes(120).toISOString());
  });

  it("refuses to cancel a post being sent or already published, and changes nothing", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    for (const status of ["publishing", "published", "opened"] as const) {
      const share = await queueShare(t.db, { userId: rep.id, itemId: item.id, network: "x", at: minutes(-5) });
      await t.db.update(shares).set({ status }).where(eq(shares.id, share.id));
      const result = await cancelShare(t.db, { user: rep, shareId: share.id, now: NOW });
      expect(result.ok).toBe(false);
      expect((await reloadShare(t.db, share.id)).status).toBe(status);
    }
  });

  it("refuses another rep's share", async () => {
    const rep = await createRep(t.db);
    const other = await createRep(t.db);
    const item = await createItem(t.db);
    const share = await queueShare(t.db, { userId: rep.id, itemId: item.id, network: "x", at: minutes(60) });
    expect(await cancelShare(t.db, { user: other, shareId: share.id, now: NOW })).toMatchObject({ ok: false });
    expect((await reloadShare(t.db, share.id)).status).toBe("scheduled");
  });

  it("asks for a new time when the post's time has passed, and restores it at the time given", async () => {
    const rep = await createRep(t.db, { timeZone: "Europe/Berlin" });
    const item = await createItem(t.db);
    const share = await queueShare(t.db, { userId: rep.id, itemId: item.id, network: "linkedin", at: minutes(5) });
    await cancelShare(t.db, { user: rep, shareId: share.id, now: NOW });
    const late = minutes(10);
    const asked = await undoCancel(t.db, { user: rep, input: { intent: "undo", shareId: share.id }, now: late });
    expect(asked).toMatchObject({ ok: false, field: "time" });
    expect(asked.message).toMatch(/has passed/);
    expect((await reloadShare(t.db, share.id)).status).toBe("cancelled");

    const input = { intent: "undo" as const, shareId: share.id, date: "2026-12-03", time: "09:00" };
    expect(await undoCancel(t.db, { user: rep, input, now: late })).toMatchObject({ ok: true });
    const restored = await reloadShare(t.db, share.id);
    expect(restored.status).toBe("scheduled");
    expect(restored.scheduledAt?.toISOString()).toBe("2026-12-03T08:00:00.000Z");
  });

  it("offers no Undo after the undo window, nor for a post that may already be on the network", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    const old = await queueShare(t.db, { userId: rep.id, itemId: item.id, network: "x", at: minutes(24 * 60) });
    await cancelShare(t.db, { user: rep, shareId: old.id, now: NOW });
    const after = minutes(UNDO_MINUTES + 1);
    expect(await undoCancel(t.db, { user: rep, input: { intent: "undo", shareId: old.id }, now: after })).toMatchObject(
      {
        ok: false,
      },
    );
    const review = await queueShare(t.db, { userId: rep.id, itemId: item.id, network: "x", at: minutes(-5) });
    await t.db.update(shares).set({ status: "needs_review" }).where(eq(shares.id, review.id));
    await cancelShare(t.db, { user: rep, shareId: review.id, now: NOW });
    expect(
      await undoCancel(t.db, { user: rep, input: { intent: "undo", shareId: review.id }, now: minutes(1) }),
    ).toMatchObject({ ok: false });
    expect((await reloadShare(t.db, old.id)).status).toBe("cancelled");
    expect((await reloadShare(t.db, review.id)).status).toBe("cancelled");
    // Both are history now, not upcoming.
    const page = await listQueuePage(t.db, { user: rep, query: query(), now: after });
    expect(page.upcoming).toEqual([]);
    expect(page.history.map((s) => s.undoable)).toEqual([false, false]);
  });

  it("undoes a cancel only once: a second Undo is refused", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    const share = await queueShare(t.db, { userId: rep.id, itemId: item.id, network: "x", at: minutes(600) });
    await cancelShare(t.db, { user: rep, shareId: share.id, now: NOW });
    const input = { intent: "undo" as const, shareId: share.id };
    const both = await Promise.all([
      undoCancel(t.db, { user: rep, input, now: minutes(1) }),
      undoCancel(t.db, { user: rep, input, now: minutes(1) }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(await undoCancel(t.db, { user: rep, input, now: minutes(2) })).toMatchObject({ ok: false });
  });
});
