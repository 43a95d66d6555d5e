import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { libraryForUser } from "~/domain/content.server";
import {
  addItemToPack,
  findItemsForPack,
  packInput,
  publishBlocker,
  reorderPack,
  savePack,
} from "~/domain/packs.server";
import { approveRevision, pendingRevisionFor } from "~/domain/revisions.server";
import { itemInput, openItemForReview, saveItemChanges, transitionItem } from "~/domain/studio.server";
import { action as editorAction, loader as editorLoader } from "~/routes/_app.studio.items.$id";
import { loader as candidatesLoader } from "~/routes/_app.studio.pack-candidates";
import { action as packAction, loader as packLoader } from "~/routes/_app.studio.packs.$id";
import { contentItems, contentReviewViews, packs } from "../../db/schema";
import {
  contextFor,
  cookieFor,
  createTeam,
  createUser,
  formRequest,
  getRequest,
  settle,
  unwrap,
} from "../helpers/factories";
import { createItem } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

const fields = (title: string, extra: Record<string, string> = {}) => ({
  type: "article",
  title,
  summary: "",
  url: `https://www.northwind.example/${encodeURIComponent(title)}`,
  imageUrl: "",
  tags: "",
  messages_linkedin: `${title} on LinkedIn`,
  ...extra,
});

describe("Studio review and packs (issue #15)", () => {
  const t = useTestDb();

  const statusOf = async (id: string) =>
    (await t.db.select({ s: contentItems.status }).from(contentItems).where(eq(contentItems.id, id)))[0]!.s;
  const openPage = async (userId: string, itemId: string) =>
    editorLoader({
      request: getRequest(`/studio/items/${itemId}`, await cookieFor(t.db, userId)),
      params: { id: itemId },
      context: contextFor(t.db),
    });
  const approveThroughPage = async (userId: string, itemId: string) =>
    unwrap<{ errors: Record<string, string>; status: string | null }>(
      await editorAction({
        request: formRequest(`/studio/items/${itemId}`, { intent: "approve" }, await cookieFor(t.db, userId)),
        params: { id: itemId },
        context: contextFor(t.db),
      }),
    );

  it("an item is approved only by a reviewer who opened it, and only in the version they were shown", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const marco = await createUser(t.db, { role: "marketer" });
    const ada = await createUser(t.db, { role: "admin" });
    const { id } = await saveItemChanges(t.db, { actorId: mia.id, input: itemInput.parse(fields("Unread")) });
    await transitionItem(t.db, { itemId: id, actorId: mia.id, action: "submit" });

    const blind = await approveThroughPage(marco.id, id);
    expect(blind.status).toBe(409);
    expect(blind.data.errors.form).toBe("Open the item and read it before approving it.");
    expect(await statusOf(id)).toBe("in_review");
    // The author opening it, or a colleague opening it, does not count for Marco.
    await openPage(mia.id, id);
    await openPage(ada.id, id);
    expect((await approveThroughPage(marco.id, id)).status).toBe(409);

    await openPage(marco.id, id);
    // Mia changes the text after Marco read it: his approval would cover words he never saw.
    await saveItemChanges(t.db, { actorId: mia.id, input: itemInput.parse(fields("Unread, rewritten")), itemId: id });
    const stale = await approveThroughPage(marco.id, id);
    expect(stale.status).toBe(409);
    expect(stale.data.errors.form).toMatch(/changed since you opened it/);
    expect(await statusOf(id)).toBe("in_review");

    await openPage(marco.id, id);
    expect(await approveThroughPage(marco.id, id)).toMatchObject({ status: 200 });
    expect(await statusOf(id)).toBe("approved");
    const views = await t.db.select().from(contentReviewViews).where(eq(contentReviewViews.itemId, id));
    expect(new Set(views.map((v) => v.reviewerId))).toEqual(new Set([marco.id, ada.id]));
  });

  it("a revision of a live item is approved only at the version its reviewer opened", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const marco = await createUser(t.db, { role: "marketer" });
    const { id } = await saveItemChanges(t.db, { actorId: mia.id, input: itemInput.parse(fields("Live")) });
    await transitionItem(t.db, { itemId: id, actorId: mia.id, action: "submit" });
    await openItemForReview(t.db, { itemId: id, viewerId: marco.id });
    await transitionItem(t.db, { itemId: id, actorId: marco.id, action: "approve" });
    await saveItemChanges(t.db, {
      actorId: mia.id,
      input: itemInput.parse(fields("Live", { summary: "A new summary" })),
      itemId: id,
    });
    const revision = (await pendingRevisionFor(t.db, id))!;
    // Marco read the item before, but not this revision.
    await expect(
      approveRevision(t.db, { revisionId: revision.id, actorId: marco.id, version: revision.version }),
    ).rejects.toThrow(/changed since you opened it/);
    expect((await pendingRevisionFor(t.db, id))?.id).toBe(revision.id);
    const page = await openPage(marco.id, id);
    expect(page.revision?.changes.map((c) => [c.label, c.before, c.after])).toEqual([["Summary", "", "A new summary"]]);
    await approveRevision(t.db, { revisionId: revision.id, actorId: marco.id, version: revision.version });
    expect((await t.db.select().from(contentItems).where(eq(contentItems.id, id)))[0]!.summary).toBe("A new summary");
  });

  it("a pack's items cannot be approved in bulk: the old intent is refused and changes nothing", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const marco = await createUser(t.db, { role: "marketer" });
    const packId = await savePack(t.db, { actorId: mia.id, input: packInput.parse({ title: "Bulk" }) });
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) {
      const { id } = await saveItemChanges(t.db, { actorId: mia.id, input: itemInput.parse(fields(`Bulk ${n}`)) });
      await addItemToPack(t.db, { actorId: mia.id, packId, itemId: id });
      await transitionItem(t.db, { itemId: id, actorId: mia.id, action: "submit" });
      ids.push(id);
    }
    const reply = unwrap<{ errors: Record<string, string> }>(
      await packAction({
        request: formRequest(`/studio/packs/${packId}`, { intent: "approve-items" }, await cookieFor(t.db, marco.id)),
        params: { id: packId },
        context: contextFor(t.db),
      }),
    );
    expect(reply.status).toBe(400);
    for (const id of ids) expect(await statusOf(id)).toBe("in_review");
    const page = await packLoader({
      request: getRequest(`/studio/packs/${packId}`, await cookieFor(t.db, marco.id)),
      params: { id: packId },
      context: contextFor(t.db),
    });
    expect(page.pack!.publishBlocker).toBe(
      "Every item must be approved first: 3 items waiting for another marketer's approval.",
    );
  });

  it("publishing a pack needs the confirmation step; the disabled reason and the summary say why and who", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const team = await createTeam(t.db, "Enterprise Sales");
    const packId = await savePack(t.db, {
      actorId: mia.id,
      input: packInput.parse({ title: "Confirmed", teamIds: team.id }),
    });
    const cookie = await cookieFor(t.db, mia.id);
    const load = () =>
      packLoader({
        request: getRequest(`/studio/packs/${packId}`, cookie),
        params: { id: packId },
        context: contextFor(t.db),
      });
    expect((await load()).pack!.publishBlocker).toBe("Add at least one approved item to publish the pack.");
    const item = await createItem(t.db, { status: "approved", title: "Ready to go" });
    await addItemToPack(t.db, { actorId: mia.id, packId, itemId: item.id });
    const page = await load();
    expect(page.pack!.publishBlocker).toBeNull();
    expect(page.pack!.publishSummary).toBe(
      "Reps in Enterprise Sales will see its 1 item in their library as soon as you publish, until it is archived.",
    );
    const publish = async (extra: Record<string, string>) =>
      unwrap<{ errors: Record<string, string>; status: string | null }>(
        await packAction({
          request: formRequest(`/studio/packs/${packId}`, { intent: "publish", ...extra }, cookie),
          params: { id: packId },
          context: contextFor(t.db),
        }),
      );
    const unconfirmed = await publish({});
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.data.errors.form).toMatch(/Publish now/);
    expect((await t.db.select().from(packs).where(eq(packs.id, packId)))[0]!.status).toBe("draft");
    expect((await publish({ confirmed: "yes" })).data.status).toMatch(/Pack published/);
    expect((await t.db.select().from(packs).where(eq(packs.id, packId)))[0]!.status).toBe("published");
    expect(
      publishBlocker([
        { title: "A", status: "draft" },
        { title: "B", status: "in_review" },
      ]),
    ).toBe(
      "Every item must be approved first: 1 draft to send to review and 1 item waiting for another marketer's approval.",
    );
  });

  it("the picker finds approved items not yet in the pack by words of their title; a rep cannot use it", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const rep = await createUser(t.db, { role: "rep" });
    const packId = await savePack(t.db, { actorId: mia.id, input: packInput.parse({ title: "Picker" }) });
    const [kestrelLaunch, kestrelFaq] = [
      await createItem(t.db, { status: "approved", title: "Kestrel launch day" }),
      await createItem(t.db, { status: "published", title: "The Kestrel FAQ" }),
    ];
    await createItem(t.db, { status: "draft", title: "Kestrel draft" });
    await createItem(t.db, { status: "archived", title: "Kestrel archived" });
    await createItem(t.db, { status: "approved", title: "Falcon 100% ready" });
    const inPack = await createItem(t.db, { status: "approved", title: "Kestrel already in" });
    await addItemToPack(t.db, { actorId: mia.id, packId, itemId: inPack.id });
    const titles = async (q: string) => (await findItemsForPack(t.db, { packId, q })).map((i) => i.title).sort();
    expect(await titles("kestrel")).toEqual([kestrelLaunch.title, kestrelFaq.title].sort());
    expect(await titles("LAUNCH kestrel")).toEqual([kestrelLaunch.title]);
    expect(await titles("100%")).toEqual(["Falcon 100% ready"]);
    // A "%" is a character of the title, not a wildcard that would match every approved item.
    expect(await titles("%")).toEqual(["Falcon 100% ready"]);

    const get = async (query: string, userId: string) =>
      settle(
        candidatesLoader({
          request: getRequest(`/studio/pack-candidates?${query}`, await cookieFor(t.db, userId)),
          params: {},
          context: contextFor(t.db),
        }),
      );
    const found = (await get(`pack=${packId}&q=faq`, mia.id)) as Response;
    expect(found.status).toBe(200);
    expect(((await found.json()) as { items: Array<{ title: string }> }).items.map((i) => i.title)).toEqual([
      "The Kestrel FAQ",
    ]);
    expect(((await get("pack=nope&q=faq", mia.id)) as Response).status).toBe(400);
    expect(((await get(`pack=${packId}`, rep.id)) as Response).status).toBe(403);

    // Sent before the editor hydrated, the search is a page navigation: back to the pack with the words.
    const navigate = async (query: string, userId: string) => {
      const request = getRequest(`/studio/pack-candidates?${query}`, await cookieFor(t.db, userId));
      request.headers.set("Sec-Fetch-Mode", "navigate");
      return (await settle(candidatesLoader({ request, params: {}, context: contextFor(t.db) }))) as Response;
    };
    const back = await navigate(`pack=${packId}&q=faq+%26+more`, mia.id);
    expect(back.status).toBe(302);
    expect(back.headers.get("Location")).toBe(`/studio/packs/${packId}?q=faq+%26+more`);
    expect((await navigate(`pack=${packId}&q=`, mia.id)).headers.get("Location")).toBe(`/studio/packs/${packId}`);
    expect((await navigate("pack=nope&q=faq", mia.id)).status).toBe(400);
    expect((await navigate(`pack=${packId}&q=faq`, rep.id)).status).toBe(403);
  });

  it("an item's image may be a full URL or a site path (the demo covers), never another site's path-relative URL", () => {
    const image = (imageUrl: string) => itemInput.safeParse({ ...fields("Cover"), imageUrl });
    expect(image("/covers/article.svg").success).toBe(true);
    expect(image("https://cdn.northwind.example/a.png").success).toBe(true);
    for (const bad of ["//evil.example/a.png", "javascript:alert(1)", "covers/a.svg", "https://"])
      expect(image(bad).success, bad).toBe(false);
  });

  it("the library lists a pack's items in the order the marketer arranged", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const packId = await savePack(t.db, { actorId: mia.id, input: packInput.parse({ title: "Ordered" }) });
    // Newest first would be c, b, a: the pack's order is what reps must see.
    const a = await createItem(t.db, { title: "Order A", publishAt: new Date("2026-01-01T00:00:00Z") });
    const b = await createItem(t.db, { title: "Order B", publishAt: new Date("2026-01-02T00:00:00Z") });
    const c = await createItem(t.db, { title: "Order C", publishAt: new Date("2026-01-03T00:00:00Z") });
    for (const item of [a, b, c]) await addItemToPack(t.db, { actorId: mia.id, packId, itemId: item.id });
    await t.db.update(packs).set({ status: "published", publishedAt: new Date() }).where(eq(packs.id, packId));
    const listed = async () =>
      (await libraryForUser(t.db, { user: { teamId: null }, query: { pack: packId } })).items.map((i) => i.title);
    expect(await listed()).toEqual(["Order A", "Order B", "Order C"]);
    await reorderPack(t.db, { actorId: mia.id, packId, itemIds: [c.id, a.id, b.id] });
    expect(await listed()).toEqual(["Order C", "Order A", "Order B"]);
  });

  it("creating an item confirms it by name: the editor redirects with ?created, a pack's page names what was added", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const cookie = await cookieFor(t.db, mia.id);
    const packId = await savePack(t.db, { actorId: mia.id, input: packInput.parse({ title: "Named" }) });
    const created = (await settle(
      editorAction({
        request: formRequest("/studio/items/new", { intent: "save", ...fields("Brand new"), pack: packId }, cookie),
        params: { id: "new" },
        context: contextFor(t.db),
      }),
    )) as Response;
    const [row] = await t.db
      .select()
      .from(contentItems)
      .where(and(eq(contentItems.createdBy, mia.id), eq(contentItems.title, "Brand new")));
    expect(created.headers.get("Location")).toBe(`/studio/packs/${packId}?added=${row!.id}`);
    const added = unwrap<{ status: string | null }>(
      await packAction({
        request: formRequest(
          `/studio/packs/${packId}`,
          { intent: "add", itemId: (await createItem(t.db, { title: "Picked" })).id },
          cookie,
        ),
        params: { id: packId },
        context: contextFor(t.db),
      }),
    );
    expect(added.data.status).toBe("Added “Picked” to the pack.");
  });
});
