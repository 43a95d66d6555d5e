import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { action as meAction } from "~/routes/_app.me";
import { users } from "../../db/schema";
import { contextFor, cookieFor, createUser, formRequest, unwrap } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

describe("the Me page's profile form", () => {
  const t = useTestDb();
  const save = async (userId: string, fields: Record<string, string>) =>
    unwrap<{ ok: boolean; status: string | null; errors: Record<string, string> }>(
      await meAction({
        request: formRequest("/me", fields, await cookieFor(t.db, userId)),
        params: {},
        context: contextFor(t.db),
      }),
    );

  it("saves the person's own name and time zone", async () => {
    const rep = await createUser(t.db);
    const reply = await save(rep.id, { name: "  Ada Lovelace ", timeZone: "Europe/London" });
    expect(reply.status).toBe(200);
    expect(reply.data).toMatchObject({ ok: true, status: "Profile saved.", errors: {} });
    const [row] = await t.db.select().from(users).where(eq(users.id, rep.id));
    expect(row).toMatchObject({ name: "Ada Lovelace", timeZone: "Europe/London" });
  });

  it("answers beside the fields and changes nothing when the input is refused", async () => {
    const rep = await createUser(t.db);
    const [before] = await t.db.select().from(users).where(eq(users.id, rep.id));
    const reply = await save(rep.id, { name: "A", timeZone: "Mars/Olympus" });
    expect(reply.status).toBe(400);
    expect(reply.data.ok).toBe(false);
    expect(reply.data.errors).toMatchObject({
      name: "Enter your name",
      timeZone: "Pick a time zone from the list",
    });
    const [after] = await t.db.select().from(users).where(eq(users.id, rep.id));
    expect(after).toMatchObject({ name: before?.name, timeZone: before?.timeZone });
  });
});
