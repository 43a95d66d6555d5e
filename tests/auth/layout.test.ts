import { describe, expect, it } from "vitest";
import { notifications } from "../../db/schema";
import { loader as layoutLoader } from "../../app/routes/_app";
import { contextFor, cookieFor, createUser, getRequest } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

describe("app layout", () => {
  const t = useTestDb();

  it("counts the signed-in person's unread notifications only, and sends a stranger to sign in", async () => {
    const [me, other] = [await createUser(t.db), await createUser(t.db)];
    const note = (userId: string, key: string, readAt: Date | null = null) => ({ userId, kind: "badge", title: "x", body: "", link: "/me", dedupeKey: key, readAt });
    await t.db.insert(notifications).values([note(me.id, "a"), note(me.id, "b"), note(me.id, "c", new Date()), note(other.id, "d")]);
    const data = await layoutLoader({ request: getRequest("/library", await cookieFor(t.db, me.id)), context: contextFor(t.db), params: {} });
    expect(data).toMatchObject({ user: { id: me.id }, unread: 2 });

    const stranger = await layoutLoader({ request: getRequest("/library", "chorus_session=not-a-session"), context: contextFor(t.db), params: {} }).catch((e: unknown) => e);
    expect(stranger).toBeInstanceOf(Response);
    expect((stranger as Response).headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });
});
