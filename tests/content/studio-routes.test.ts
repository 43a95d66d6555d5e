import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loader as itemLoader } from "~/routes/_app.items.$id";
import { action as editorAction, loader as editorLoader } from "~/routes/_app.studio.items.$id";
import { contentItems } from "../../db/schema";
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
import { addMessages, createItem, queueShare } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

const fields = {
  intent: "save",
  type: "article",
  title: "Edge AI <script>alert(1)</script>",
  summary: "On-device models",
  url: "https://www.northwind.example/edge",
  imageUrl: "",
  tags: "ai, edge",
  language: "en",
  messages_linkedin: "Edge AI is here",
  messages_x: "",
  messages_facebook: "",
};

describe("studio and item routes", () => {
  const t = useTestDb();

  it("creates an item from the editor and stores user text as given (escaped on render)", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const result = await settle(
      editorAction({
        request: formRequest("/studio/items/new", fields, await cookieFor(t.db, mia.id)),
        params: { id: "new" },
        context: contextFor(t.db),
      }),
    );
    expect(result).toBeInstanceOf(Response);
    const [item] = await t.db.select().from(contentItems).where(eq(contentItems.createdBy, mia.id));
    expect((result as Response).headers.get("Location")).toBe(`/studio/items/${item!.id}?created=1`);
    expect(item).toMatchObject({ title: fields.title, status: "draft", createdBy: mia.id, tags: ["ai", "edge"] });
  });

  it("invalid input is reported beside the field and saves nothing", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const before = (await t.db.select().from(contentItems)).length;
    const result = unwrap<{ errors: Record<string, string> }>(
      await settle(
        editorAction({
          request: formRequest(
            "/studio/items/new",
            { ...fields, title: "", url: "not a url" },
            await cookieFor(t.db, mia.id),
          ),
          params: { id: "new" },
          context: contextFor(t.db),
        }),
      ),
    );
    expect(result.status).toBe(400);
    expect(Object.keys(result.data.errors)).toEqual(expect.arrayContaining(["title", "url"]));
    expect(await t.db.select().from(contentItems)).toHaveLength(before);
  });

  it("the author cannot approve through the editor; another marketer can", async () => {
    const mia = await createUser(t.db, { role: "marketer" });
    const marco = await createUser(t.db, { role: "marketer" });
    const item = await createItem(t.db, { status: "in_review", createdBy: mia.id });
    const own = unwrap<{ errors: Record<string, string> }>(
      await editorAction({
        request: formRequest(`/studio/items/${item.id}`, { intent: "approve" }, await cookieFor(t.db, mia.id)),
        params: { id: item.id },
        context: contextFor(t.db),
      }),
    );
    expect(own.status).toBe(409);
    expect(own.data.errors.form).toMatch(/own item/);
    // Marco opens the item's page first: an approval needs the version to have been shown (decision 020).
    await editorLoader({
      request: getRequest(`/studio/items/${item.id}`, await cookieFor(t.db, marco.id)),
      params: { id: item.id },
      context: contextFor(t.db),
    });
    await editorAction({
      request: formRequest(`/studio/items/${item.id}`, { intent: "approve" }, await cookieFor(t.db, marco.id)),
      params: { id: item.id },
      context: contextFor(t.db),
    });
    const [row] = await t.db.select().from(contentItems).where(eq(contentItems.id, item.id));
    expect(row!.status).toBe("approved");
  });

  it("a rep cannot use any Studio action", async () => {
    const rep = await createUser(t.db, { role: "rep" });
    const before = (await t.db.select().from(contentItems)).length;
    const result = await settle(
      editorAction({
        request: formRequest("/studio/items/new", fields, await cookieFor(t.db, rep.id)),
        params: { id: "new" },
        context: contextFor(t.db),
      }),
    );
    expect((result as Response).status).toBe(403);
    expect(await t.db.select().from(contentItems)).toHaveLength(before);
  });

  it("item page: per-network messages, share links, teammates who shared; 404 when not live", async () => {
    const team = await createTeam(t.db);
    const rep = await createUser(t.db, { role: "rep", teamId: team.id });
    const mate = await createUser(t.db, { role: "rep", teamId: team.id, name: "Tess Mate" });
    const stranger = await createUser(t.db, { role: "rep", name: "Other Team" });
    const item = await createItem(t.db);
    await addMessages(t.db, item.id, "x", ["Short take"]);
    await queueShare(t.db, { userId: mate.id, itemId: item.id, network: "x", at: new Date("2026-03-01T00:00:00Z") });
    await queueShare(t.db, {
      userId: stranger.id,
      itemId: item.id,
      network: "x",
      at: new Date("2026-03-01T00:00:00Z"),
    });
    const page = await itemLoader({
      request: getRequest(`/items/${item.id}`, await cookieFor(t.db, rep.id)),
      params: { id: item.id },
      context: contextFor(t.db),
    });
    expect(page.messages.find((m) => m.id === "x")!.body).toBe("Short take");
    expect(page.messages.find((m) => m.id === "linkedin")!.messageId).toBeNull();
    expect(page.teammates.map((m) => m.name)).toEqual(["Tess Mate"]);
    const draft = await createItem(t.db, { status: "draft" });
    const missing = await settle(
      itemLoader({
        request: getRequest(`/items/${draft.id}`, await cookieFor(t.db, rep.id)),
        params: { id: draft.id },
        context: contextFor(t.db),
      }),
    );
    expect((missing as Response).status).toBe(404);
  });
});
