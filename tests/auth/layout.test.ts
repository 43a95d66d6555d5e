import { describe, expect, it } from "vitest";
import { requireUser } from "~/domain/guards.server";
import { loader as layoutLoader } from "~/routes/_app";
import { notifications, sessions } from "../../db/schema";
import { contextFor, cookieFor, createUser, formRequest, getRequest } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";

describe("app layout", () => {
  const t = useTestDb();

  it("counts the signed-in person's unread notifications only, and sends a stranger to sign in", async () => {
    const [me, other] = [await createUser(t.db), await createUser(t.db)];
    const note = (userId: string, key: string, readAt: Date | null = null) => ({
      userId,
      kind: "badge",
      title: "x",
      body: "",
      link: "/me",
      dedupeKey: key,
      readAt,
    });
    await t.db
      .insert(notifications)
      .values([note(me.id, "a"), note(me.id, "b"), note(me.id, "c", new Date()), note(other.id, "d")]);
    const data = await layoutLoader({
      request: getRequest("/library", await cookieFor(t.db, me.id)),
      context: contextFor(t.db),
      params: {},
    });
    expect(data).toMatchObject({ user: { id: me.id }, unread: 2 });

    const stranger = await layoutLoader({
      request: getRequest("/library", "chorus_session=not-a-session"),
      context: contextFor(t.db),
      params: {},
    }).catch((e: unknown) => e);
    expect(stranger).toBeInstanceOf(Response);
    expect((stranger as Response).headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("looks the session up once per HTTP request (shared by its loaders), and again for an action or a new request", async () => {
    const me = await createUser(t.db);
    const cookie = await cookieFor(t.db, me.id);
    const request = contextFor(t.db); // one HTTP request: the layout's and the page's loaders share this context
    expect((await requireUser(getRequest("/library", cookie), request)).id).toBe(me.id);
    await t.db.delete(sessions); // signed out elsewhere, while this request is being answered
    // The page's loader, in the same request, reuses the lookup...
    expect((await requireUser(getRequest("/library", cookie), request)).id).toBe(me.id);
    // ...an action looks again, and so does the next request.
    const action = await requireUser(formRequest("/library", {}, cookie), request).catch((e: unknown) => e);
    expect(action).toBeInstanceOf(Response);
    const next = await requireUser(getRequest("/library", cookie), contextFor(t.db)).catch((e: unknown) => e);
    expect(next).toBeInstanceOf(Response);
  });
});
