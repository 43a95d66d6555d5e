import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { libraryForUser } from "~/domain/content.server";
import { approveRevision } from "~/domain/revisions.server";
import {
  archiveExpiredItems,
  itemInput,
  openItemForReview,
  saveItem,
  saveItemChanges,
  transitionItem,
  WorkflowError,
} from "~/domain/studio.server";
import { auditLog, contentItems, contentMessages } from "../../db/schema";
import { createUser } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

function form(fields: Record<string, string>) {
  return {
    type: "article",
    title: "Quantum-safe banking",
    summary: "What changes for banks",
    url: "https://www.northwind.example/q",
    imageUrl: "",
    tags: "Security, Finance",
    language: "en",
    messages_linkedin: "",
    messages_x: "",
    messages_facebook: "",
    ...fields,
  };
}

describe("studio workflow", () => {
  const t = useTestDb();

  it("parses the editor form; bad input reports the field", () => {
    const ok = itemInput.safeParse(
      form({ messages_x: "First take https://a.example\n---\nSecond take", locked: "on", disclosure: "#employee" }),
    );
    expect(ok.success && ok.data.messages_x).toEqual(["First take https://a.example", "Second take"]);
    expect(ok.success && ok.data.tags).toEqual(["security", "finance"]);
    expect(ok.success && ok.data.locked).toBe(true);
    const bad = itemInput.safeParse(
      form({ title: " ", url: "javascript:alert(1)", publishAt: "2026-05-02T10:00", expiresAt: "2026-05-01T10:00" }),
    );
    expect(bad.success).toBe(false);
    const paths = bad.success ? [] : bad.error.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["title", "url"]));
  });

  it("keeps search text in step with tags and messages so search finds them", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const marco = await createUser(t.db, { role: "marketer" });
    const parsed = itemInput.parse(form({ messages_linkedin: "Post-quantum readiness starts now" }));
    const id = await saveItem(t.db, { actorId: mia.id, input: parsed });
    await transitionItem(t.db, { itemId: id, actorId: mia.id, action: "submit" });
    await openItemForReview(t.db, { itemId: id, viewerId: marco.id });
    await transitionItem(t.db, { itemId: id, actorId: marco.id, action: "approve" });
    await transitionItem(t.db, { itemId: id, actorId: mia.id, action: "publish" });
    expect(
      (await libraryForUser(t.db, { user: { teamId: null }, query: { q: "readiness" } })).items.map((i) => i.id),
    ).toEqual([id]);
    // A published item's new messages wait for review (decision 011): search keeps the approved ones until then.
    const edit = await saveItemChanges(t.db, {
      actorId: mia.id,
      input: itemInput.parse(form({ tags: "cloud", messages_x: "Lattice cryptography explained" })),
      itemId: id,
    });
    expect(
      (await libraryForUser(t.db, { user: { teamId: null }, query: { q: "readiness" } })).items.map((i) => i.id),
    ).toEqual([id]);
    expect((await libraryForUser(t.db, { user: { teamId: null }, query: { q: "lattice" } })).items).toEqual([]);
    await openItemForReview(t.db, { itemId: id, viewerId: marco.id });
    await approveRevision(t.db, {
      revisionId: (edit.revision as { revisionId: string }).revisionId,
      actorId: marco.id,
      version: 1,
    });
    expect((await libraryForUser(t.db, { user: { teamId: null }, query: { q: "readiness" } })).items).toEqual([]);
    expect(
      (await libraryForUser(t.db, { user: { teamId: null }, query: { q: "lattice" } })).items.map((i) => i.id),
    ).toEqual([id]);
    expect(await t.db.select().from(contentMessages).where(eq(contentMessages.itemId, id))).toHaveLength(1);
  });

  it("runs draft -> review -> approved -> published, refuses self-approval and skipped steps, audits each move", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const marco = await createUser(t.db, { role: "marketer" });
    const id = await saveItem(t.db, { actorId: mia.id, input: itemInput.parse(form({})) });
    await expect(transitionItem(t.db, { itemId: id, actorId: mia.id, action: "publish" })).rejects.toThrow(
      WorkflowError,
    );
    await transitionItem(t.db, { itemId: id, actorId: mia.id, action: "submit" });
    await expect(transitionItem(t.db, { itemId: id, actorId: mia.id, action: "approve" })).rejects.toThrow(/own item/);
    await expect(transitionItem(t.db, { itemId: id, actorId: marco.id, action: "reject" })).rejects.toThrow(/why/);
    await transitionItem(t.db, { itemId: id, actorId: marco.id, action: "reject", reason: "Fix the summary" });
    await transitionItem(t.db, { itemId: id, actorId: mia.id, action: "submit" });
    await openItemForReview(t.db, { itemId: id, viewerId: marco.id });
    await transitionItem(t.db, { itemId: id, actorId: marco.id, action: "approve" });
    expect(await transitionItem(t.db, { itemId: id, actorId: mia.id, action: "publish" })).toBe("published");
    const [item] = await t.db.select().from(contentItems).where(eq(contentItems.id, id));
    expect(item!.approvedBy).toBe(marco.id);
    const log = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.targetId, id))
      .orderBy(auditLog.id);
    expect(log.map((l) => l.action)).toEqual([
      "content.create",
      "content.submit",
      "content.reject",
      "content.submit",
      "content.approve",
      "content.publish",
    ]);
  });

  it("archives expired published items, once", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const expired = await saveItem(t.db, {
      actorId: mia.id,
      input: itemInput.parse(form({ expiresAt: "2026-03-01T00:00:00Z" })),
    });
    const live = await saveItem(t.db, {
      actorId: mia.id,
      input: itemInput.parse(form({ expiresAt: "2026-09-01T00:00:00Z" })),
    });
    await t.db.update(contentItems).set({ status: "published" });
    const now = new Date("2026-04-01T00:00:00Z");
    expect(await archiveExpiredItems(t.db, now)).toBe(1);
    expect(await archiveExpiredItems(t.db, now)).toBe(0);
    const rows = await t.db.select({ id: contentItems.id, status: contentItems.status }).from(contentItems);
    expect(rows.find((r) => r.id === expired)!.status).toBe("archived");
    expect(rows.find((r) => r.id === live)!.status).toBe("published");
  });
});
