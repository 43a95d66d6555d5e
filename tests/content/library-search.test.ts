import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { libraryForUser, searchTerms } from "~/domain/content.server";
import { rows } from "../../db/client.server";
import { contentItems } from "../../db/schema";
import { createItem } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

describe("library search by word prefix", () => {
  const t = useTestDb();
  // Each case tags its own items (the database lives for the whole file) and searches within its tag.
  let tag = "";
  let cases = 0;
  const item = (values: { title: string; summary: string; searchText: string }) =>
    createItem(t.db, { ...values, tags: [tag] });
  const search = async (q: string) =>
    (await libraryForUser(t.db, { user: { teamId: null }, query: { q, tag } })).items.map((i) => i.title);

  it("finds a word from its first letters, in the title, the summary or the tags and messages", async () => {
    tag = "case-" + String(++cases);
    await item({ title: "The autonomous enterprise", summary: "Keynote replay", searchText: "" });
    await item({ title: "Cloud costs", summary: "Automation saves money", searchText: "" });
    await item({ title: "Mainframe story", summary: "Modernisation", searchText: "autopilot" });
    await item({ title: "Quantum readiness", summary: "Nothing about it", searchText: "" });
    expect((await search("auto")).sort()).toEqual(["Cloud costs", "Mainframe story", "The autonomous enterprise"]);
    expect(await search("autonomo")).toEqual(["The autonomous enterprise"]);
    expect(await search("AUTON")).toEqual(["The autonomous enterprise"]);
    expect(await search("quant")).toEqual(["Quantum readiness"]);
  });

  it("needs every word (each as a prefix), keeps stemming, and does not match inside a word", async () => {
    tag = "case-" + String(++cases);
    await item({ title: "Sharing the autonomous enterprise", summary: "Replay", searchText: "" });
    await item({ title: "Autonomous cars", summary: "Electric", searchText: "" });
    await item({ title: "An automobile museum", summary: "Old cars", searchText: "" });
    expect(await search("auto enter")).toEqual(["Sharing the autonomous enterprise"]);
    expect(await search("shared")).toEqual(["Sharing the autonomous enterprise"]);
    expect(await search("the enterprise")).toEqual(["Sharing the autonomous enterprise"]);
    expect(await search("mobile")).toEqual([]);
    expect(await search("zzz auto")).toEqual([]);
  });

  it("treats search syntax and regex characters as plain text, never as an error", async () => {
    tag = "case-" + String(++cases);
    await item({ title: "C++ at scale", summary: "Compilers (and more)", searchText: "" });
    for (const q of ["c++", "(and", "a:*|b", "!!!", "'\\", ".*", "[a-"]) {
      await expect(search(q)).resolves.toBeInstanceOf(Array);
    }
    expect(await search("compil (and")).toEqual(["C++ at scale"]);
    // Nothing but punctuation is no search at all: every item shows.
    expect(await search("!!!")).toEqual(["C++ at scale"]);
    expect(searchTerms("  Auto-nomous, 2026!  ")).toEqual(["auto", "nomous", "2026"]);
  });

  it("matches through the word index exactly the items the word-start regex matched, and follows edits", async () => {
    tag = "case-" + String(++cases);
    const long = "x".repeat(3000);
    const texts = [
      { title: "E-mail etiquette", summary: "foo_bar and Café ÉTÉ", searchText: "" },
      { title: "C++ at scale", summary: "v2 of the 2026 plan, x2y", searchText: "mainframe MODERNISATION" },
      { title: "Cloud-native security", summary: "", searchText: "linkedin Worth a read: zero-trust" },
      { title: "Naïve Bayes über alles", summary: "Straße and İstanbul", searchText: "" },
      { title: `A very long word ${long}end`, summary: "tail", searchText: "" },
      { title: "Autonomous operations", summary: "The enterprise, re-imagined", searchText: "ops-first" },
    ];
    for (const text of texts) await item(text);
    // The condition before migration 0020, run as it was: the stemmed index or the `\m` regex over the text.
    const before = async (q: string) =>
      (
        await rows<{ title: string }>(
          t.db,
          sql`select title from ${contentItems}
              where ${tag} = any(tags)
                ${sql.join(
                  searchTerms(q).map(
                    (term) => sql`and (search @@ to_tsquery('english', ${`${term}:*`})
                      or (title || ' ' || coalesce(summary, '') || ' ' || search_text) ~* ${`\\m${term}`})`,
                  ),
                  sql` `,
                )}`,
        )
      )
        .map((r) => r.title)
        .sort();
    const terms = [
      "e",
      "mail",
      "etiq",
      "foo",
      "bar",
      "foo_bar",
      "caf",
      "café",
      "été",
      "ÉTÉ",
      "c",
      "scale",
      "v2",
      "2026",
      "x2",
      "y",
      "mainfr",
      "modern",
      "cloud",
      "native",
      "secur",
      "linked",
      "zero",
      "trust",
      "worth",
      "naïve",
      "na",
      "über",
      "uber",
      "stra",
      "straße",
      "xxxx",
      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "end",
      "auto",
      "the",
      "enterprise",
      "re",
      "imagined",
      "ops",
      "first",
      "cloud secur",
      "auto the",
      "zzz",
    ];
    let matched = 0;
    for (const q of terms) {
      const now = (await search(q)).sort();
      expect(now, q).toEqual(await before(q));
      matched += now.length;
    }
    expect(matched).toBeGreaterThan(terms.length);
    // The word list is generated from the item's text: an edit changes what it matches.
    await t.db.update(contentItems).set({ title: "Quarterly outlook" }).where(eq(contentItems.title, "C++ at scale"));
    expect(await search("quarter")).toEqual(["Quarterly outlook"]);
    expect(await search("scale")).toEqual([]);
    expect(await search("mainfr")).toEqual(["Quarterly outlook"]);
  });
});
