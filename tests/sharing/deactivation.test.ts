import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deactivateUser, reactivateUser } from "~/domain/users.server";
import { auditLog, sessions, shareEvents, shares } from "../../db/schema";
import { cookieFor, createUser } from "../helpers/factories";
import { connect, createItem, createRep, queueShare, reloadShare } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

describe("deactivating a person: one function for every path", () => {
  const t = useTestDb();

  it("revokes sessions, cancels queued shares with a timeline line and one audit entry, and keeps history", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const rep = await createRep(t.db);
    await cookieFor(t.db, rep.id);
    const item = await createItem(t.db);
    await connect(t.db, rep.id, "linkedin");
    const queued = await queueShare(t.db, {
      userId: rep.id,
      itemId: item.id,
      network: "linkedin",
      at: new Date(Date.now() + 3600_000),
    });
    const posted = await queueShare(t.db, {
      userId: rep.id,
      itemId: item.id,
      network: "x",
      at: new Date("2026-01-01T09:00:00Z"),
    });
    await t.db
      .update(shares)
      .set({ status: "published", publishedAt: new Date("2026-01-01T09:00:05Z"), externalPostId: "1" })
      .where(eq(shares.id, posted.id));

    const result = await deactivateUser(t.db, { userId: rep.id, actorId: admin.id, source: "admin" });
    expect(result).toMatchObject({ ok: true, changed: true, cancelledShares: 1 });
    expect(result.message).toContain("1 queued post cancelled");
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, rep.id))).toHaveLength(0);
    expect(await reloadShare(t.db, queued.id)).toMatchObject({ status: "cancelled", nextAttemptAt: null });
    expect(await reloadShare(t.db, posted.id)).toMatchObject({ status: "published", externalPostId: "1" });
    const events = await t.db.select().from(shareEvents).where(eq(shareEvents.shareId, queued.id));
    expect(events.map((e) => [e.kind, e.detail])).toContainEqual(["cancelled", "The account was deactivated"]);
    const entries = await t.db.select().from(auditLog).where(eq(auditLog.targetId, rep.id));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "user.deactivate",
      actorId: admin.id,
      detail: { source: "admin", cancelledShares: 1, cancelledShareIds: [queued.id] },
    });
  });

  it("is safe to call twice (SSO and SCIM may both report the same departure) and reactivation leaves cancelled posts cancelled", async () => {
    const rep = await createRep(t.db);
    const item = await createItem(t.db);
    const queued = await queueShare(t.db, {
      userId: rep.id,
      itemId: item.id,
      network: "linkedin",
      at: new Date(Date.now() + 3600_000),
    });
    expect(await deactivateUser(t.db, { userId: rep.id, actorId: null, source: "scim" })).toMatchObject({
      changed: true,
      cancelledShares: 1,
    });
    expect(await deactivateUser(t.db, { userId: rep.id, actorId: null, source: "sso" })).toMatchObject({
      ok: true,
      changed: false,
      cancelledShares: 0,
    });
    expect(await t.db.select().from(auditLog).where(eq(auditLog.targetId, rep.id))).toHaveLength(1);
    expect(await reactivateUser(t.db, { userId: rep.id, actorId: null, source: "scim" })).toMatchObject({
      ok: true,
      changed: true,
    });
    expect((await reloadShare(t.db, queued.id)).status).toBe("cancelled");
    expect(await deactivateUser(t.db, { userId: crypto.randomUUID(), actorId: null, source: "admin" })).toMatchObject({
      ok: false,
      message: "That user no longer exists.",
    });
  });
});
