import { eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "~/components/markdown";
import { acceptSuggestion, createSuggestion, declineSuggestion } from "~/domain/suggestions.server";
import { action as pageAction } from "~/routes/_app.studio.pages.$slug";
import { action as inboxAction } from "~/routes/_app.studio.suggestions";
import { action as suggestAction } from "~/routes/_app.suggest";
import { contentItems, notifications, pages, suggestions } from "../../db/schema";
import { contextFor, cookieFor, createUser, formRequest, settle, unwrap } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

describe("employee suggestions and help pages", () => {
  const t = useTestDb();

  it("a rep's invalid suggestion is answered beside the field and nothing is filed", async () => {
    const rep = await createUser(t.db);
    const result = unwrap<{ errors: Record<string, string> }>(
      await suggestAction({
        request: formRequest(
          "/suggest",
          { url: "javascript:alert(1)", note: "x".repeat(501) },
          await cookieFor(t.db, rep.id),
        ),
        params: {},
        context: contextFor(t.db),
      }),
    );
    expect(result.status).toBe(400);
    expect(Object.keys(result.data.errors)).toEqual(expect.arrayContaining(["url", "note"]));
    expect(await t.db.select().from(suggestions).where(eq(suggestions.userId, rep.id))).toHaveLength(0);
  });

  it("accepting turns a suggestion into a draft item proposed from the page, and tells the rep", async () => {
    const rep = await createUser(t.db);
    const mia = await createUser(t.db, { role: "marketer" });
    const url = "https://www.northwind.example/blog/ai-for-noc-teams";
    expect((await createSuggestion(t.db, rep.id, { url, note: "Customers keep asking about this" })).ok).toBe(true);
    expect((await createSuggestion(t.db, rep.id, { url, note: "again" })).ok).toBe(false);
    const [suggestion] = await t.db.select().from(suggestions).where(eq(suggestions.userId, rep.id));

    const response = await settle(
      inboxAction({
        request: formRequest(
          "/studio/suggestions",
          { intent: "accept", suggestionId: suggestion!.id },
          await cookieFor(t.db, mia.id),
        ),
        params: {},
        context: contextFor(t.db),
      }),
    );
    const [after] = await t.db.select().from(suggestions).where(eq(suggestions.id, suggestion!.id));
    expect(after).toMatchObject({ status: "accepted", decidedBy: mia.id });
    expect((response as Response).headers.get("Location")).toBe(`/studio/items/${after!.itemId}`);
    const [item] = await t.db.select().from(contentItems).where(eq(contentItems.id, after!.itemId!));
    expect(item).toMatchObject({
      status: "draft",
      url,
      title: "Ai for noc teams & more",
      imageUrl: "https://www.northwind.example/images/ai-for-noc-teams.png",
      createdBy: mia.id,
    });
    const told = await t.db.select().from(notifications).where(eq(notifications.userId, rep.id));
    expect(told.map((n) => n.title)).toEqual(["Your suggestion was accepted"]);
    await expect(acceptSuggestion(t.db, { actorId: mia.id, suggestionId: suggestion!.id })).rejects.toThrow(
      "already accepted",
    );
  });

  it("declining needs a reason, which the rep sees", async () => {
    const rep = await createUser(t.db);
    const mia = await createUser(t.db, { role: "marketer" });
    await createSuggestion(t.db, rep.id, { url: "https://www.northwind.example/missing-page", note: "" });
    const [suggestion] = await t.db.select().from(suggestions).where(eq(suggestions.userId, rep.id));
    const cookie = await cookieFor(t.db, mia.id);
    const noReason = unwrap<{ errors: Record<string, string> }>(
      await inboxAction({
        request: formRequest(
          "/studio/suggestions",
          { intent: "decline", suggestionId: suggestion!.id, reason: " " },
          cookie,
        ),
        params: {},
        context: contextFor(t.db),
      }),
    );
    expect(noReason.status).toBe(400);
    expect(noReason.data.errors.reason).toMatch(/Say why/);
    expect((await t.db.select().from(suggestions).where(eq(suggestions.id, suggestion!.id)))[0]!.status).toBe(
      "pending",
    );

    await inboxAction({
      request: formRequest(
        "/studio/suggestions",
        { intent: "decline", suggestionId: suggestion!.id, reason: "Competitor content" },
        cookie,
      ),
      params: {},
      context: contextFor(t.db),
    });
    const [after] = await t.db.select().from(suggestions).where(eq(suggestions.id, suggestion!.id));
    expect(after).toMatchObject({ status: "declined", reason: "Competitor content" });
    expect(
      (await t.db.select().from(notifications).where(eq(notifications.userId, rep.id))).map((n) => n.body),
    ).toEqual(["https://www.northwind.example/missing-page: Competitor content"]);
    await expect(declineSuggestion(t.db, mia.id, { suggestionId: suggestion!.id, reason: "twice" })).rejects.toThrow(
      "already declined",
    );
  });

  it("a rep cannot answer suggestions or edit pages", async () => {
    const rep = await createUser(t.db);
    const cookie = await cookieFor(t.db, rep.id);
    const inbox = await settle(
      inboxAction({
        request: formRequest(
          "/studio/suggestions",
          { intent: "accept", suggestionId: "00000000-0000-4000-8000-000000000000" },
          cookie,
        ),
        params: {},
        context: contextFor(t.db),
      }),
    );
    expect((inbox as Response).status).toBe(403);
    const page = await settle(
      pageAction({
        request: formRequest("/studio/pages/faq", { title: "FAQ", bodyMd: "hacked" }, cookie),
        params: { slug: "faq" },
        context: contextFor(t.db),
      }),
    );
    expect((page as Response).status).toBe(403);
    expect(await t.db.select().from(pages).where(eq(pages.slug, "faq"))).toHaveLength(0);
  });

  it("a marketer's page is stored as written and renders any markup in it as text", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const body =
      "# Tips <img src=x onerror=alert(1)>\n\n- **Post early** <script>alert(1)</script>\n- [Guide](https://www.northwind.example/guide) and [bad](javascript:alert(1))";
    const saved = unwrap<{ status: string }>(
      await pageAction({
        request: formRequest("/studio/pages/tips", { title: "Tips", bodyMd: body }, await cookieFor(t.db, mia.id)),
        params: { slug: "tips" },
        context: contextFor(t.db),
      }),
    );
    expect(saved.data.status).toMatch(/Page saved/);
    const [page] = await t.db.select().from(pages).where(eq(pages.slug, "tips"));
    expect(page!.bodyMd).toBe(body);
    const html = renderToStaticMarkup(createElement(Markdown, { source: page!.bodyMd }));
    expect(html).not.toMatch(/<script|<img|href="javascript/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain('<a href="https://www.northwind.example/guide"');
    expect(html).toContain("<strong>Post early</strong>");
  });
});
