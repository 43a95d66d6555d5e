import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { pickMessageFor } from "~/domain/content.server";
import { localToUtc, suggestedSlots } from "~/domain/scheduling.server";
import { changeQueuedShare, createShare, type ShareForm } from "~/domain/sharing.server";
import { countForNetwork } from "~/domain/text-length";
import { shares, users } from "../../db/schema";
import { addMessages, connect, createItem, createRep, reloadShare } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

const ORIGIN = "https://chorus.example";
const form = (over: Partial<ShareForm>): ShareForm => ({
  network: "linkedin",
  mode: "now",
  text: "",
  idempotencyKey: crypto.randomUUID(),
  ...over,
});

describe("composer rules", () => {
  const t = useTestDb();

  it("counts every URL on X as 23 characters", () => {
    expect(countForNetwork("Read this https://www.northwind.com/a/very/long/path/that/goes/on?x=1", "x")).toBe(
      "Read this ".length + 23,
    );
    expect(countForNetwork("Two: https://a.co and www.northwind.com/x", "x")).toBe(
      "Two: ".length + 23 + " and ".length + 23,
    );
    // Hosts twitter-text does not know (the demo's .example, a local install's IP) still count 23 each.
    expect(countForNetwork("Live https://www.northwind.example/a-very-long-path", "x")).toBe("Live ".length + 23);
    expect(countForNetwork("Go http://127.0.0.1:3000/l/abc123.", "x")).toBe("Go ".length + 23 + 1);
    expect(countForNetwork("héllo 👋", "linkedin")).toBe(7);
  });

  it("counts X's weighted length as X does: CJK and emoji 2, emoji sequences once, accents composed", () => {
    expect(countForNetwork("日本語のテキスト", "x")).toBe(16);
    expect(countForNetwork("안녕하세요", "x")).toBe(10);
    expect(countForNetwork("Launch 🚀🚀", "x")).toBe("Launch ".length + 4);
    expect(countForNetwork("👩‍👩‍👧‍👦", "x")).toBe(2); // a family: one emoji of seven code points
    expect(countForNetwork("e\u0301", "x")).toBe(1); // é typed as e + combining accent
    expect(countForNetwork("Café — naïve", "x")).toBe(12);
    // 140 CJK characters fill a post; the hand count let 280 through.
    expect(countForNetwork("字".repeat(140), "x")).toBe(280);
    expect(countForNetwork("字".repeat(141), "x")).toBeGreaterThan(280);
    expect(countForNetwork("字".repeat(141), "linkedin")).toBe(141);
  });

  it("keeps marketing's text for a locked item, appends the disclosure and the tracked link", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db, { locked: true, disclosure: "#employee" });
    await addMessages(t.db, item.id, "linkedin", ["Approved wording only."]);
    await connect(t.db, rep.id, "linkedin");
    const result = await createShare(t.db, {
      user: rep,
      itemId: item.id,
      form: form({ text: "My own spicy take" }),
      origin: ORIGIN,
    });
    expect(result.ok).toBe(true);
    const share = await reloadShare(t.db, (result as { shareId: string }).shareId);
    expect(share.text).toMatch(/^Approved wording only\. #employee\nhttps:\/\/chorus\.example\/l\/\w{10}$/);
    expect(share.edited).toBe(false);
  });

  it("records the rep's own words as an edited share", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    await connect(t.db, rep.id, "linkedin");
    const result = await createShare(t.db, {
      user: rep,
      itemId: item.id,
      form: form({ text: "In my words" }),
      origin: ORIGIN,
    });
    expect((await reloadShare(t.db, (result as { shareId: string }).shareId)).edited).toBe(true);
  });

  it("refuses an X post over 280 characters and stores nothing", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    await connect(t.db, rep.id, "x");
    const result = await createShare(t.db, {
      user: rep,
      itemId: item.id,
      form: form({ network: "x", text: "a".repeat(260) }),
      origin: "https://chorus.example.com",
    });
    expect(result).toMatchObject({
      ok: false,
      field: "text",
      message: expect.stringContaining("X allows 280 characters; this post has 284"),
    });
    expect(await t.db.select().from(shares).where(eq(shares.userId, rep.id))).toHaveLength(0);
  });

  it("asks for the social media policy before a rep's first share", async () => {
    const rep = await createRep(t.db);
    await t.db.update(users).set({ policyAcceptedAt: null }).where(eq(users.id, rep.id));
    const item = await createItem(t.db);
    const result = await createShare(t.db, {
      user: rep,
      itemId: item.id,
      form: form({ mode: "intent" }),
      origin: ORIGIN,
    });
    expect(result).toMatchObject({ ok: false, needsPolicy: true });
  });

  it("without a connection, posting needs one but the share page works and is recorded as an unverified intent", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    expect(
      await createShare(t.db, { user: rep, itemId: item.id, form: form({ mode: "now" }), origin: ORIGIN }),
    ).toMatchObject({
      ok: false,
      field: "network",
    });
    const intent = await createShare(t.db, {
      user: rep,
      itemId: item.id,
      form: form({ mode: "intent", network: "x", text: "Look" }),
      origin: ORIGIN,
    });
    expect(intent).toMatchObject({ ok: true, status: "opened" });
    expect((intent as { intentUrl: string }).intentUrl).toMatch(
      /^https:\/\/x\.com\/intent\/tweet\?text=Look%0Ahttps%3A%2F%2Fchorus\.example%2Fl%2F/,
    );
    expect(await reloadShare(t.db, (intent as { shareId: string }).shareId)).toMatchObject({
      method: "intent",
      status: "opened",
    });
  });

  it("a double submit with the same key makes one share", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    await connect(t.db, rep.id, "linkedin");
    const f = form({});
    const [a, b] = await Promise.all([
      createShare(t.db, { user: rep, itemId: item.id, form: f, origin: ORIGIN }),
      createShare(t.db, { user: rep, itemId: item.id, form: f, origin: ORIGIN }),
    ]);
    expect((a as { shareId: string }).shareId).toBe((b as { shareId: string }).shareId);
    expect(await t.db.select().from(shares).where(eq(shares.userId, rep.id))).toHaveLength(1);
  });

  it("hands different reps different alternatives of the suggested message, stably", async () => {
    const item = await createItem(t.db);
    await addMessages(t.db, item.id, "linkedin", ["Alternative A", "Alternative B", "Alternative C"]);
    const reps = await Promise.all(Array.from({ length: 8 }, () => createRep(t.db)));
    const bodies = await Promise.all(
      reps.map((r) => pickMessageFor(t.db, { itemId: item.id, network: "linkedin", userId: r.id })),
    );
    expect(new Set(bodies.map((b) => b.body)).size).toBeGreaterThan(1);
    const again = await pickMessageFor(t.db, { itemId: item.id, network: "linkedin", userId: reps[0]!.id });
    expect(again.body).toBe(bodies[0]!.body);
  });

  it("schedules 9:00 in the rep's zone on both sides of a daylight-saving change", async () => {
    expect(localToUtc("2026-03-28", "09:00", "Europe/Berlin").toISOString()).toBe("2026-03-28T08:00:00.000Z");
    expect(localToUtc("2026-03-29", "09:00", "Europe/Berlin").toISOString()).toBe("2026-03-29T07:00:00.000Z");
    expect(localToUtc("2026-03-07", "09:00", "America/New_York").toISOString()).toBe("2026-03-07T14:00:00.000Z");
    expect(localToUtc("2026-03-09", "09:00", "America/New_York").toISOString()).toBe("2026-03-09T13:00:00.000Z");
    const rep = await createRep(t.db, { timeZone: "America/New_York" });
    const item = await createItem(t.db);
    await connect(t.db, rep.id, "linkedin");
    const result = await createShare(t.db, {
      user: { ...rep, timeZone: "America/New_York" },
      itemId: item.id,
      form: form({ mode: "schedule", date: "2026-03-09", time: "09:00" }),
      origin: ORIGIN,
      now: new Date("2026-03-06T12:00:00Z"),
    });
    expect((await reloadShare(t.db, (result as { shareId: string }).shareId)).scheduledAt!.toISOString()).toBe(
      "2026-03-09T13:00:00.000Z",
    );
  });

  it("suggests weekday mornings from tomorrow in the rep's zone", () => {
    const slots = suggestedSlots(new Date("2026-11-20T15:00:00Z"), "Europe/London"); // a Friday
    expect(slots.map((s) => `${s.date} ${s.time}`)).toEqual([
      "2026-11-23 09:00",
      "2026-11-24 08:30",
      "2026-11-25 09:00",
      "2026-11-26 08:30",
    ]);
  });

  it("lets a rep cancel, reschedule or edit only what is not yet published", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    await connect(t.db, rep.id, "linkedin");
    const now = new Date("2026-06-01T08:00:00Z");
    const created = (await createShare(t.db, {
      user: rep,
      itemId: item.id,
      form: form({ mode: "schedule", date: "2026-06-02", time: "09:00" }),
      origin: ORIGIN,
      now,
    })) as { shareId: string };
    expect(
      await changeQueuedShare(t.db, {
        user: rep,
        action: { intent: "edit", shareId: created.shareId, text: "Better words" },
        now,
      }),
    ).toMatchObject({ ok: true });
    expect((await reloadShare(t.db, created.shareId)).text).toMatch(/^Better words\nhttps:\/\/chorus\.example\/l\//);
    expect(
      await changeQueuedShare(t.db, {
        user: rep,
        action: { intent: "reschedule", shareId: created.shareId, date: "2026-06-03", time: "10:30" },
        now,
      }),
    ).toMatchObject({ ok: true });
    expect((await reloadShare(t.db, created.shareId)).scheduledAt!.toISOString()).toBe("2026-06-03T10:30:00.000Z");
    await t.db.update(shares).set({ status: "published" }).where(eq(shares.id, created.shareId));
    expect(
      await changeQueuedShare(t.db, { user: rep, action: { intent: "cancel", shareId: created.shareId }, now }),
    ).toMatchObject({
      ok: false,
    });
    const other = await createRep(t.db);
    expect(
      await changeQueuedShare(t.db, { user: other, action: { intent: "cancel", shareId: created.shareId }, now }),
    ).toMatchObject({
      ok: false,
      message: "That share no longer exists.",
    });
  });
});
