import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getShareableItem, libraryForUser, pickMessageFor } from "~/domain/content.server";
import { approveRevision, pendingRevisionFor, rejectRevision } from "~/domain/revisions.server";
import { createShare } from "~/domain/sharing.server";
import {
  itemInput,
  openItemForReview,
  saveItemChanges,
  transitionItem,
  WorkflowError,
  type ItemInput,
} from "~/domain/studio.server";
import { loader as itemLoader } from "~/routes/_app.items.$id";
import { loader as shareLoader } from "~/routes/_app.share.$itemId";
import { loader as studioIndexLoader } from "~/routes/_app.studio._index";
import { action as editorAction, loader as editorLoader } from "~/routes/_app.studio.items.$id";
import { auditLog, contentItems, contentRevisions, shares } from "../../db/schema";
import { contextFor, cookieFor, createUser, formRequest, getRequest, unwrap } from "../helpers/factories";
import { connect, createRep, reloadShare } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

const ORIGIN = "https://chorus.example";
const APPROVED = {
  type: "article",
  title: "Quantum-safe banking",
  summary: "What changes for banks",
  url: "https://www.northwind.example/quantum",
  imageUrl: "",
  tags: "security",
  language: "en",
  disclosure: "#employee",
  messages_linkedin: "Post-quantum readiness starts now",
  messages_x: "Quantum-safe in 3 steps",
  messages_facebook: "",
};
const BYPASS = {
  ...APPROVED,
  url: "https://evil.example/phish",
  messages_linkedin: "Click here to win",
  disclosure: "",
};
const input = (fields: Record<string, string>): ItemInput => itemInput.parse(fields);

describe("review revisions of approved and published items", () => {
  const t = useTestDb();

  /** Mia writes an item, Marco approves it; `publish` takes it to the library. */
  async function approvedItem(publish: boolean) {
    const mia = await createUser(t.db, { role: "marketer", name: "Mia Author" });
    const marco = await createUser(t.db, { role: "marketer", name: "Marco Reviewer" });
    const { id } = await saveItemChanges(t.db, { actorId: mia.id, input: input(APPROVED) });
    await transitionItem(t.db, { itemId: id, actorId: mia.id, action: "submit" });
    await openItemForReview(t.db, { itemId: id, viewerId: marco.id });
    await transitionItem(t.db, { itemId: id, actorId: marco.id, action: "approve" });
    if (publish) await transitionItem(t.db, { itemId: id, actorId: mia.id, action: "publish" });
    return { id, mia, marco };
  }

  async function editor(userId: string, itemId: string, fields: Record<string, string>) {
    return unwrap<{ errors: Record<string, string>; status: string | null }>(
      await editorAction({
        request: formRequest(`/studio/items/${itemId}`, fields, await cookieFor(t.db, userId)),
        params: { id: itemId },
        context: contextFor(t.db),
      }),
    );
  }

  /** What a rep gets everywhere: library card, item page, composer page, suggested text and a new share. */
  async function whatRepsSee(itemId: string) {
    const rep = await createRep(t.db);
    await connect(t.db, rep.id, "linkedin");
    const cookie = await cookieFor(t.db, rep.id);
    const library = (await libraryForUser(t.db, { user: rep, query: { q: "quantum" } })).items.find(
      (i) => i.id === itemId,
    );
    const page = await itemLoader({
      request: getRequest(`/items/${itemId}`, cookie),
      params: { id: itemId },
      context: contextFor(t.db),
    });
    const composer = (await shareLoader({
      request: getRequest(`/share/${itemId}?network=linkedin`, cookie),
      params: { itemId },
      context: contextFor(t.db),
    })) as { item: { url: string }; suggestion: string };
    const shareable = await getShareableItem(t.db, { itemId, user: rep });
    const suggested = await pickMessageFor(t.db, { itemId, network: "linkedin", userId: rep.id });
    const shared = await createShare(t.db, {
      user: rep,
      itemId,
      form: { network: "linkedin", mode: "now", text: "", idempotencyKey: crypto.randomUUID() },
      origin: ORIGIN,
    });
    const share = shared.ok ? await reloadShare(t.db, shared.shareId) : null;
    return {
      libraryUrl: library?.url,
      pageUrl: page.item.url,
      pageMessage: page.messages.find((m) => m.id === "linkedin")?.body,
      composerUrl: composer.item.url,
      composerText: composer.suggestion,
      url: shareable?.url,
      disclosure: shareable?.disclosure,
      suggested: suggested.body,
      shareText: share?.text,
      destination: share?.destinationUrl,
    };
  }

  it("the issue's bypass fails: the author's edit of an approved item waits, reps keep the approved version, the author cannot approve it, a second marketer can", async () => {
    const { id, mia, marco } = await approvedItem(false);
    const saved = await editor(mia.id, id, { intent: "save", ...BYPASS });
    expect(saved.status).toBe(200);
    expect(saved.data.status).toMatch(/wait for another marketer's review/);
    expect(await editor(mia.id, id, { intent: "publish" })).toMatchObject({ status: 200 });

    const before = await whatRepsSee(id);
    expect(before).toMatchObject({
      libraryUrl: APPROVED.url,
      pageUrl: APPROVED.url,
      composerUrl: APPROVED.url,
      url: APPROVED.url,
      disclosure: "#employee",
    });
    expect(before.suggested).toBe("Post-quantum readiness starts now");
    expect(before.composerText).toBe("Post-quantum readiness starts now");
    expect(before.pageMessage).toBe("Post-quantum readiness starts now");
    expect(before.shareText).toMatch(/^Post-quantum readiness starts now #employee\n/);
    expect(before.destination).toMatch(/^https:\/\/www\.northwind\.example\/quantum\?utm_source=linkedin/);

    const revision = (await pendingRevisionFor(t.db, id))!;
    expect(revision.authorName).toBe("Mia Author");
    expect(revision.changes.map((c) => c.field)).toEqual(["url", "disclosure", "messages_linkedin"]);
    const own = await editor(mia.id, id, {
      intent: "approve_revision",
      revisionId: revision.id,
      version: String(revision.version),
    });
    expect(own.status).toBe(409);
    expect(own.data.errors.form).toMatch(/own changes/);
    await expect(
      approveRevision(t.db, { revisionId: revision.id, actorId: mia.id, version: revision.version }),
    ).rejects.toThrow(WorkflowError);
    expect((await whatRepsSee(id)).url).toBe(APPROVED.url);

    await openItemForReview(t.db, { itemId: id, viewerId: marco.id });
    const approved = await editor(marco.id, id, {
      intent: "approve_revision",
      revisionId: revision.id,
      version: String(revision.version),
    });
    expect(approved).toMatchObject({ status: 200, data: { status: expect.stringMatching(/approved/) } });
    const after = await whatRepsSee(id);
    expect(after).toMatchObject({
      pageUrl: BYPASS.url,
      composerUrl: BYPASS.url,
      url: BYPASS.url,
      disclosure: null,
      suggested: "Click here to win",
      composerText: "Click here to win",
      pageMessage: "Click here to win",
    });
    expect(after.destination).toMatch(/^https:\/\/evil\.example\/phish\?utm_source=linkedin/);
    expect(await pendingRevisionFor(t.db, id)).toBeNull();
    const [log] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, id), eq(auditLog.action, "content.revision_approve")));
    expect(log).toMatchObject({ actorId: marco.id, detail: { revisionId: revision.id, authorId: mia.id } });
    expect(
      (log!.detail as { changes: Array<{ field: string; before: string; after: string }> }).changes,
    ).toContainEqual({ field: "url", before: APPROVED.url, after: BYPASS.url });
  });

  it("a published item edited in place keeps its approved version for reps until a second marketer approves; queued shares keep their text and link", async () => {
    const { id, mia, marco } = await approvedItem(true);
    const early = await whatRepsSee(id);
    const outcome = await saveItemChanges(t.db, {
      actorId: mia.id,
      input: input({
        ...APPROVED,
        title: "Quantum banking: act now",
        imageUrl: "https://cdn.northwind.example/q.png",
        messages_linkedin: "New words",
        locked: "on",
      }),
      itemId: id,
    });
    expect(outcome.revision).toMatchObject({ kind: "pending", version: 1 });
    const [item] = await t.db.select().from(contentItems).where(eq(contentItems.id, id));
    expect(item).toMatchObject({
      status: "published",
      title: APPROVED.title,
      imageUrl: null,
      locked: false,
      url: APPROVED.url,
    });
    expect(
      (await libraryForUser(t.db, { user: { teamId: null }, query: { q: "quantum" } })).items.find((i) => i.id === id)
        ?.title,
    ).toBe(APPROVED.title);
    expect((await whatRepsSee(id)).suggested).toBe("Post-quantum readiness starts now");

    await openItemForReview(t.db, { itemId: id, viewerId: marco.id });
    await approveRevision(t.db, {
      revisionId: (outcome.revision as { revisionId: string }).revisionId,
      actorId: marco.id,
      version: 1,
    });
    const [live] = await t.db.select().from(contentItems).where(eq(contentItems.id, id));
    expect(live).toMatchObject({
      status: "published",
      title: "Quantum banking: act now",
      imageUrl: "https://cdn.northwind.example/q.png",
      locked: true,
      approvedBy: marco.id,
    });
    expect(
      (await libraryForUser(t.db, { user: { teamId: null }, query: { q: "quantum" } })).items.find((i) => i.id === id)
        ?.title,
    ).toBe("Quantum banking: act now");
    expect((await whatRepsSee(id)).suggested).toBe("New words");
    // A share made before the revision keeps what it was shared with.
    const [old] = await t.db.select().from(shares).where(eq(shares.text, early.shareText!));
    expect(old).toMatchObject({ text: early.shareText, destinationUrl: early.destination });
  });

  it("edits to drafts and items in review apply at once, with no revision", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const { id } = await saveItemChanges(t.db, { actorId: mia.id, input: input(APPROVED) });
    const draft = await saveItemChanges(t.db, {
      actorId: mia.id,
      input: input({ ...APPROVED, url: "https://www.northwind.example/draft-2" }),
      itemId: id,
    });
    expect(draft.revision).toBeNull();
    await transitionItem(t.db, { itemId: id, actorId: mia.id, action: "submit" });
    await saveItemChanges(t.db, {
      actorId: mia.id,
      input: input({ ...APPROVED, url: "https://www.northwind.example/review-3", messages_x: "Fresh" }),
      itemId: id,
    });
    const [item] = await t.db.select().from(contentItems).where(eq(contentItems.id, id));
    expect(item!.url).toBe("https://www.northwind.example/review-3");
    expect(await t.db.select().from(contentRevisions).where(eq(contentRevisions.itemId, id))).toEqual([]);
  });

  it("type, tags, language and dates of an approved item change at once; search keeps matching the approved messages", async () => {
    const { id, mia } = await approvedItem(true);
    const outcome = await saveItemChanges(t.db, {
      actorId: mia.id,
      input: input({ ...APPROVED, tags: "cloud, banking", type: "blog", expiresAt: "2027-01-01T00:00:00Z" }),
      itemId: id,
    });
    expect(outcome.revision).toEqual({ kind: "none" });
    const [item] = await t.db.select().from(contentItems).where(eq(contentItems.id, id));
    expect(item).toMatchObject({
      type: "blog",
      tags: ["cloud", "banking"],
      expiresAt: new Date("2027-01-01T00:00:00Z"),
    });
    expect(
      (await libraryForUser(t.db, { user: { teamId: null }, query: { q: "readiness" } })).items.map((i) => i.id),
    ).toContain(id);
    expect(await pendingRevisionFor(t.db, id)).toBeNull();
  });

  it("one pending revision per item: the author's next save updates it, a colleague's different edit is refused, a stale approval is refused", async () => {
    const { id, mia, marco } = await approvedItem(true);
    const first = await saveItemChanges(t.db, {
      actorId: mia.id,
      input: input({ ...APPROVED, summary: "Take one" }),
      itemId: id,
    });
    const second = await saveItemChanges(t.db, {
      actorId: mia.id,
      input: input({ ...APPROVED, summary: "Take two" }),
      itemId: id,
    });
    expect(second.revision).toMatchObject({
      kind: "pending",
      version: 2,
      revisionId: (first.revision as { revisionId: string }).revisionId,
    });
    expect(await t.db.select().from(contentRevisions).where(eq(contentRevisions.itemId, id))).toHaveLength(1);

    await expect(
      saveItemChanges(t.db, { actorId: marco.id, input: input({ ...APPROVED, summary: "Marco's take" }), itemId: id }),
    ).rejects.toThrow(/Mia Author has changes to this item waiting for review/);
    // Leaving the proposal as shown, a colleague may still change the fields that need no review.
    expect(
      (
        await saveItemChanges(t.db, {
          actorId: marco.id,
          input: input({ ...APPROVED, summary: "Take two", tags: "later" }),
          itemId: id,
        })
      ).revision,
    ).toEqual({ kind: "none" });

    const revisionId = (second.revision as { revisionId: string }).revisionId;
    await expect(approveRevision(t.db, { revisionId, actorId: marco.id, version: 1 })).rejects.toThrow(
      /edited since you opened them/,
    );
    await openItemForReview(t.db, { itemId: id, viewerId: marco.id });
    await approveRevision(t.db, { revisionId, actorId: marco.id, version: 2 });
    const [item] = await t.db.select().from(contentItems).where(eq(contentItems.id, id));
    expect(item).toMatchObject({ summary: "Take two", tags: ["later"] });
    await expect(approveRevision(t.db, { revisionId, actorId: marco.id, version: 2 })).rejects.toThrow(
      /already approved/,
    );
    // Now Marco may propose his own, which Mia reviews.
    expect(
      (
        await saveItemChanges(t.db, {
          actorId: marco.id,
          input: input({ ...APPROVED, summary: "Marco's take", tags: "later" }),
          itemId: id,
        })
      ).revision,
    ).toMatchObject({ kind: "pending", version: 1 });
  });

  it("a rejection needs a reason and changes nothing reps see; the author may withdraw; saving the approved values again withdraws too", async () => {
    const { id, mia, marco } = await approvedItem(true);
    const proposed = await saveItemChanges(t.db, {
      actorId: mia.id,
      input: input({ ...APPROVED, url: "https://www.northwind.example/v2" }),
      itemId: id,
    });
    const revisionId = (proposed.revision as { revisionId: string }).revisionId;
    await expect(rejectRevision(t.db, { revisionId, actorId: marco.id })).rejects.toThrow(/why/);
    expect(await rejectRevision(t.db, { revisionId, actorId: marco.id, reason: "Wrong landing page" })).toBe(
      "rejected",
    );
    expect((await t.db.select().from(contentItems).where(eq(contentItems.id, id)))[0]!.url).toBe(APPROVED.url);

    const again = await saveItemChanges(t.db, {
      actorId: mia.id,
      input: input({ ...APPROVED, url: "https://www.northwind.example/v3" }),
      itemId: id,
    });
    expect(
      await rejectRevision(t.db, {
        revisionId: (again.revision as { revisionId: string }).revisionId,
        actorId: mia.id,
      }),
    ).toBe("withdrawn");

    await saveItemChanges(t.db, {
      actorId: mia.id,
      input: input({ ...APPROVED, url: "https://www.northwind.example/v4" }),
      itemId: id,
    });
    expect(
      (await saveItemChanges(t.db, { actorId: mia.id, input: input(APPROVED), itemId: id })).revision,
    ).toMatchObject({ kind: "withdrawn" });
    expect(await pendingRevisionFor(t.db, id)).toBeNull();
    const statuses = await t.db
      .select({ status: contentRevisions.status })
      .from(contentRevisions)
      .where(eq(contentRevisions.itemId, id))
      .orderBy(contentRevisions.createdAt);
    expect(statuses.map((s) => s.status)).toEqual(["rejected", "withdrawn", "withdrawn"]);
  });

  it("archiving an item withdraws its pending revision, which can then not be approved", async () => {
    const { id, mia, marco } = await approvedItem(true);
    const proposed = await saveItemChanges(t.db, {
      actorId: mia.id,
      input: input({ ...APPROVED, summary: "Never" }),
      itemId: id,
    });
    await transitionItem(t.db, { itemId: id, actorId: mia.id, action: "archive" });
    await expect(
      approveRevision(t.db, {
        revisionId: (proposed.revision as { revisionId: string }).revisionId,
        actorId: marco.id,
        version: 1,
      }),
    ).rejects.toThrow(/already withdrawn/);
  });

  it("Studio shows the revision: the editor names its author and shows the proposal, the review queue lists it old beside new", async () => {
    const { id, mia, marco } = await approvedItem(true);
    await editor(mia.id, id, { intent: "save", ...APPROVED, title: "Quantum banking, revised" });
    const page = await editorLoader({
      request: getRequest(`/studio/items/${id}`, await cookieFor(t.db, marco.id)),
      params: { id },
      context: contextFor(t.db),
    });
    expect(page.revision).toMatchObject({
      authorName: "Mia Author",
      authorId: mia.id,
      changes: [{ field: "title", before: APPROVED.title, after: "Quantum banking, revised" }],
    });
    expect(page.item?.title).toBe("Quantum banking, revised");
    expect(page.approvedTitle).toBe(APPROVED.title);
    const queue = await studioIndexLoader({
      request: getRequest("/studio?status=in_review", await cookieFor(t.db, marco.id)),
      params: {},
      context: contextFor(t.db),
    });
    expect(queue.revisions.filter((r) => r.itemId === id)).toEqual([
      expect.objectContaining({
        itemId: id,
        authorName: "Mia Author",
        changes: [
          expect.objectContaining({ label: "Title", before: APPROVED.title, after: "Quantum banking, revised" }),
        ],
      }),
    ]);
    const rejected = await editor(marco.id, id, {
      intent: "reject_revision",
      revisionId: page.revision!.id,
      version: "1",
    });
    expect(rejected).toMatchObject({ status: 409, data: { errors: { revisionReason: expect.stringMatching(/why/) } } });
  });
});
