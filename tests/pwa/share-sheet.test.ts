import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { writeJobState } from "~/domain/job-state.server";
import { recordSheetShare, withdrawSheetShare, WITHDRAW_WITHIN_MS } from "~/domain/share-sheet.server";
import { createShare } from "~/domain/sharing.server";
import { TALLY_STATE } from "~/domain/sov/tally.server";
import { jobState, shareEvents } from "../../db/schema";
import { createItem, createRep, reloadShare } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

const ORIGIN = "https://chorus.example.com";
const NOW = new Date("2026-06-10T12:00:00Z");

describe("shares through the phone's share sheet", () => {
  const t = useTestDb();

  async function openSheet(over: { text?: string } = {}) {
    const rep = await createRep(t.db);
    const item = await createItem(t.db, { disclosure: "#employee" });
    const form = {
      intent: "open" as const,
      itemId: item.id,
      network: "linkedin" as const,
      text: over.text ?? "My own words",
      idempotencyKey: crypto.randomUUID(),
    };
    const result = await recordSheetShare(t.db, { user: rep, form, origin: ORIGIN, now: NOW });
    if (!result.ok) throw new Error(result.message);
    return { rep, item, sheet: result.share };
  }

  it("records the share like a copy share before the sheet opens, and hands over the words and tracked link apart", async () => {
    const { sheet } = await openSheet();
    expect(sheet.link).toMatch(/^https:\/\/chorus\.example\.com\/l\/[A-Za-z0-9_-]+$/);
    expect(sheet.words).toBe("My own words #employee");
    const share = await reloadShare(t.db, sheet.shareId);
    expect(share).toMatchObject({ method: "copy", status: "opened", text: `My own words #employee\n${sheet.link}` });
    expect(share.publishedAt?.toISOString()).toBe(NOW.toISOString());
    const events = await t.db.select().from(shareEvents).where(eq(shareEvents.shareId, sheet.shareId));
    expect(events.map((e) => e.detail)).toEqual(["Shared through the phone's share sheet"]);
  });

  it("withdraws the share when the sheet is closed without sharing, with the reason in its timeline", async () => {
    const { rep, sheet } = await openSheet();
    const result = await withdrawSheetShare(t.db, {
      user: rep,
      shareId: sheet.shareId,
      now: new Date(NOW.getTime() + 5000),
    });
    expect(result.ok).toBe(true);
    expect((await reloadShare(t.db, sheet.shareId)).status).toBe("cancelled");
    const events = await t.db.select().from(shareEvents).where(eq(shareEvents.shareId, sheet.shareId));
    expect(events.map((e) => e.kind)).toEqual(["created", "cancelled"]);
    // Twice is once.
    expect((await withdrawSheetShare(t.db, { user: rep, shareId: sheet.shareId, now: NOW })).ok).toBe(false);
  });

  it("never withdraws someone else's share, a copy share, or one made long ago", async () => {
    const { rep, item, sheet } = await openSheet();
    const other = await createRep(t.db);
    expect((await withdrawSheetShare(t.db, { user: other, shareId: sheet.shareId, now: NOW })).ok).toBe(false);
    const later = new Date(NOW.getTime() + WITHDRAW_WITHIN_MS + 1000);
    expect((await withdrawSheetShare(t.db, { user: rep, shareId: sheet.shareId, now: later })).ok).toBe(false);
    expect((await reloadShare(t.db, sheet.shareId)).status).toBe("opened");
    const copy = await createShare(t.db, {
      user: rep,
      itemId: item.id,
      form: { network: "linkedin", mode: "copy", text: "", idempotencyKey: crypto.randomUUID() },
      origin: ORIGIN,
      now: NOW,
    });
    if (!copy.ok) throw new Error(copy.message);
    expect((await withdrawSheetShare(t.db, { user: rep, shareId: copy.shareId, now: NOW })).ok).toBe(false);
    expect((await reloadShare(t.db, copy.shareId)).status).toBe("opened");
  });

  it("makes share of voice recount when a tally counted the share before it was withdrawn", async () => {
    const { rep, sheet } = await openSheet();
    const tallied = { mentionsSince: NOW.toISOString(), sharesSince: new Date(NOW.getTime() + 1000).toISOString() };
    await writeJobState(t.db, { name: TALLY_STATE, value: tallied, now: NOW });
    await withdrawSheetShare(t.db, { user: rep, shareId: sheet.shareId, now: new Date(NOW.getTime() + 2000) });
    expect(await t.db.select().from(jobState).where(eq(jobState.name, TALLY_STATE))).toEqual([]);
  });

  it("refuses a message over the network's limit, recording nothing", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    const form = {
      intent: "open" as const,
      itemId: item.id,
      network: "x" as const,
      text: "long ".repeat(100),
      idempotencyKey: crypto.randomUUID(),
    };
    const result = await recordSheetShare(t.db, { user: rep, form, origin: ORIGIN, now: NOW });
    expect(result).toMatchObject({ ok: false, field: "text" });
  });
});
