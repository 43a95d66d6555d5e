import { describe, expect, it } from "vitest";
import { libraryForUser } from "~/domain/content.server";
import { packItems, packs, packTargets } from "../../db/schema";
import { createTeam } from "../helpers/factories";
import { addMessages, createItem } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

describe("library", () => {
  const t = useTestDb();

  it("finds items by title, summary, tags and suggested messages, best match first, with a type filter", async () => {
    const a = await createItem(t.db, {
      title: "Zero trust for banks",
      summary: "Security without slowing delivery",
      type: "whitepaper",
      searchText: "security finance",
    });
    const b = await createItem(t.db, {
      title: "Cloud costs",
      summary: "Mentions security once",
      type: "blog",
      searchText: "cost",
    });
    const c = await createItem(t.db, {
      title: "Mainframe story",
      summary: "Modernisation",
      type: "blog",
      searchText: "mainframe Suggested: quantum readiness",
    });
    await addMessages(t.db, c.id, "linkedin", ["quantum readiness"]);
    const security = await libraryForUser(t.db, { user: { teamId: null }, query: { q: "security" } });
    expect(security.items.map((i) => i.id)).toEqual([a.id, b.id]);
    expect(
      (await libraryForUser(t.db, { user: { teamId: null }, query: { q: "security", type: "blog" } })).items.map(
        (i) => i.id,
      ),
    ).toEqual([b.id]);
    expect(
      (await libraryForUser(t.db, { user: { teamId: null }, query: { q: "quantum" } })).items.map((i) => i.id),
    ).toEqual([c.id]);
  });

  it("hides drafts, expired items and items only in packs aimed at other teams", async () => {
    const mine = await createTeam(t.db);
    const other = await createTeam(t.db);
    const draft = await createItem(t.db, { title: "Draft gizmo", status: "draft" });
    const expired = await createItem(t.db, { title: "Expired gizmo", expiresAt: new Date("2026-02-01T00:00:00Z") });
    const theirs = await createItem(t.db, { title: "Their gizmo" });
    const ours = await createItem(t.db, { title: "Our gizmo" });
    const [theirPack, ourPack] = await t.db
      .insert(packs)
      .values([
        { title: "Theirs", status: "published" },
        { title: "Ours", status: "published" },
      ])
      .returning();
    await t.db.insert(packItems).values([
      { packId: theirPack!.id, itemId: theirs.id },
      { packId: ourPack!.id, itemId: ours.id },
    ]);
    await t.db.insert(packTargets).values([
      { packId: theirPack!.id, teamId: other.id },
      { packId: ourPack!.id, teamId: mine.id },
    ]);
    const seen = (await libraryForUser(t.db, { user: { teamId: mine.id }, query: { q: "gizmo" } })).items.map(
      (i) => i.id,
    );
    expect(seen).toEqual([ours.id]);
    expect(seen).not.toContain(draft.id);
    expect(seen).not.toContain(expired.id);
  });

  it("combines tag, language, network and pack filters", async () => {
    const de = await createItem(t.db, { title: "Filterable widget DE", language: "de", tags: ["widgets", "dach"] });
    const en = await createItem(t.db, { title: "Filterable widget EN", tags: ["widgets"] });
    await addMessages(t.db, en.id, "x", ["Widgets for everyone"]);
    const [pack] = await t.db.insert(packs).values({ title: "Widget pack", status: "published" }).returning();
    await t.db.insert(packItems).values({ packId: pack!.id, itemId: de.id });
    const ids = async (q: Parameters<typeof libraryForUser>[1]["query"]) =>
      (await libraryForUser(t.db, { user: { teamId: null }, query: { q: "filterable", ...q } })).items
        .map((i) => i.id)
        .sort();
    expect(await ids({ tag: "Widgets" })).toEqual([de.id, en.id].sort());
    expect(await ids({ tag: "widgets", language: "de" })).toEqual([de.id]);
    expect(await ids({ network: "x" })).toEqual([en.id]);
    expect(await ids({ pack: pack!.id })).toEqual([de.id]);
    expect(await ids({ pack: pack!.id, network: "x" })).toEqual([]);
  });
});
