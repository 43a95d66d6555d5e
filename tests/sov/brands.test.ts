import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { action as brandsAction } from "~/routes/_app.brands";
import { action as importAction } from "~/routes/mentions.import";
import { auditLog, brands } from "../../db/schema";
import { contextFor, cookieFor, createUser, formRequest, ORIGIN, unwrap } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

const t = useTestDb();

async function submit(fields: Record<string, string>) {
  const marketer = await createUser(t.db, { role: "marketer" });
  const cookie = await cookieFor(t.db, marketer.id);
  return unwrap<{ ok: boolean; errors: Record<string, string>; message?: string }>(
    await brandsAction({ request: formRequest("/brands", fields, cookie), params: {}, context: contextFor(t.db) }),
  );
}

describe("brands", () => {
  it("a marketer adds brands; one own brand at a time; keywords are normalised", async () => {
    expect(
      (
        await submit({
          intent: "save",
          name: "Northwind",
          keywords: "Northwind, #northwind , northwind",
          color: "#4338CA",
          isOwn: "on",
        })
      ).status,
    ).toBe(200);
    expect((await submit({ intent: "save", name: "Contoso Ops", keywords: "contoso", color: "#f59e0b" })).status).toBe(
      200,
    );
    const [northwind] = await t.db.select().from(brands).where(eq(brands.name, "Northwind"));
    expect(northwind).toMatchObject({ isOwn: true, keywords: ["northwind", "#northwind"], color: "#4338ca" });
    const [contoso] = await t.db.select().from(brands).where(eq(brands.name, "Contoso Ops"));
    expect(
      (
        await submit({
          intent: "save",
          id: contoso!.id,
          name: "Contoso Ops",
          keywords: "contoso",
          color: "#f59e0b",
          isOwn: "on",
        })
      ).status,
    ).toBe(200);
    const own = await t.db.select({ name: brands.name }).from(brands).where(eq(brands.isOwn, true));
    expect(own).toEqual([{ name: "Contoso Ops" }]);
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, "brand.create"))).length).toBe(2);
  });

  it("bad input is answered beside the fields and changes nothing", async () => {
    const before = await t.db.select().from(brands).orderBy(brands.name);
    const bad = await submit({ intent: "save", name: "X", keywords: " , ", color: "blue" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.data.errors).sort()).toEqual(["color", "keywords", "name"]);
    const clash = await submit({ intent: "save", name: "northwind", keywords: "nw", color: "#000000" });
    expect(clash.data.errors.name).toMatch(/already has this name/);
    expect((await submit({ intent: "delete", id: "not-a-uuid" })).status).toBe(400);
    expect(await t.db.select().from(brands).orderBy(brands.name)).toEqual(before);
  });

  it("the import endpoint refuses a file over 50 MB up front and reports an empty body", async () => {
    const marketer = await createUser(t.db, { role: "marketer" });
    const cookie = await cookieFor(t.db, marketer.id);
    const big = await importAction({
      request: new Request(`${ORIGIN}/mentions/import`, {
        method: "POST",
        body: "x",
        headers: { Cookie: cookie, "Content-Type": "text/csv", "Content-Length": String(51 * 1024 * 1024) },
      }),
      params: {},
      context: contextFor(t.db),
    });
    expect(big.status).toBe(413);
    const empty = await importAction({
      request: new Request(`${ORIGIN}/mentions/import`, {
        method: "POST",
        body: "",
        headers: { Cookie: cookie, "Content-Type": "text/csv" },
      }),
      params: {},
      context: contextFor(t.db),
    });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ imported: 0, fatal: expect.stringMatching(/empty/) });
  });
});
