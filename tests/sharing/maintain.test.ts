import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { listAccounts, refreshExpiringTokens } from "~/domain/accounts.server";
import { decryptToken, encryptToken } from "~/domain/crypto.server";
import { cancelSharesOfRetiredItems } from "~/domain/sharing.server";
import { contentItems, notifications, socialAccounts } from "../../db/schema";
import { connect, createItem, createRep, queueShare, reloadShare } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

describe("maintain: tokens and withdrawn content", () => {
  const t = useTestDb();
  const NOW = new Date("2026-12-30T10:00:00Z");

  it("refreshes a token that expires within three days and stores the new one encrypted", async () => {
    const rep = await createRep(t.db);
    const account = await connect(t.db, rep.id, "x");
    await t.db
      .update(socialAccounts)
      .set({ expiresAt: new Date("2026-12-31T10:00:00Z"), refreshTokenEnc: encryptToken("mock_refresh") })
      .where(eq(socialAccounts.id, account.id));
    const result = await refreshExpiringTokens(t.db, NOW, {
      x: async (refreshToken) => {
        expect(refreshToken).toBe("mock_refresh");
        return {
          accessToken: "fresh-access",
          refreshToken: "fresh-refresh",
          expiresAt: new Date("2027-01-30T10:00:00Z"),
        };
      },
    });
    expect(result).toEqual({ refreshed: 1, warned: 0 });
    const [stored] = await t.db.select().from(socialAccounts).where(eq(socialAccounts.id, account.id));
    expect(stored!.accessTokenEnc).not.toContain("fresh-access");
    expect(decryptToken(stored!.accessTokenEnc)).toBe("fresh-access");
    expect(stored!.expiresAt!.toISOString()).toBe("2027-01-30T10:00:00.000Z");
  });

  it("warns the rep once a day when a token cannot be refreshed", async () => {
    const rep = await createRep(t.db);
    const account = await connect(t.db, rep.id, "facebook");
    await t.db
      .update(socialAccounts)
      .set({ expiresAt: new Date("2027-01-01T09:00:00Z") })
      .where(eq(socialAccounts.id, account.id));
    expect((await refreshExpiringTokens(t.db, NOW, {})).warned).toBeGreaterThanOrEqual(1);
    await refreshExpiringTokens(t.db, new Date(NOW.getTime() + 3600_000), {});
    const notes = await t.db.select().from(notifications).where(eq(notifications.userId, rep.id));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      kind: "account.expiring",
      link: "/connections",
      body: "Your Facebook connection expires in 2 days.",
    });
  });

  it("reports connection health: renewable tokens stay active, others expire and then need reconnecting", async () => {
    const rep = await createRep(t.db);
    const x = await connect(t.db, rep.id, "x");
    const fb = await connect(t.db, rep.id, "facebook");
    const li = await connect(t.db, rep.id, "linkedin");
    await t.db
      .update(socialAccounts)
      .set({ expiresAt: new Date("2026-12-30T12:00:00Z"), refreshTokenEnc: encryptToken("mock_refresh") })
      .where(eq(socialAccounts.id, x.id));
    await t.db
      .update(socialAccounts)
      .set({ expiresAt: new Date("2027-01-03T10:00:00Z") })
      .where(eq(socialAccounts.id, fb.id));
    await t.db
      .update(socialAccounts)
      .set({ expiresAt: new Date("2026-12-29T10:00:00Z") })
      .where(eq(socialAccounts.id, li.id));
    const health = Object.fromEntries(
      (await listAccounts(t.db, rep.id, NOW)).map((a) => [a.network, [a.health, a.daysLeft]]),
    );
    expect(health).toEqual({ x: ["active", null], facebook: ["expiring", 4], linkedin: ["needs_reconnect", -1] });
  });

  it("cancels pending shares of archived or expired items and leaves others alone", async () => {
    const rep = await createRep(t.db);
    await connect(t.db, rep.id, "linkedin");
    const archived = await createItem(t.db);
    const expiring = await createItem(t.db, { expiresAt: new Date("2026-12-30T09:00:00Z") });
    const live = await createItem(t.db);
    const a = await queueShare(t.db, {
      userId: rep.id,
      itemId: archived.id,
      network: "linkedin",
      at: new Date("2027-01-05T09:00:00Z"),
    });
    const b = await queueShare(t.db, {
      userId: rep.id,
      itemId: expiring.id,
      network: "linkedin",
      at: new Date("2027-01-05T09:00:00Z"),
    });
    const c = await queueShare(t.db, {
      userId: rep.id,
      itemId: live.id,
      network: "linkedin",
      at: new Date("2027-01-05T09:00:00Z"),
    });
    await t.db.update(contentItems).set({ status: "archived" }).where(eq(contentItems.id, archived.id));
    expect(await cancelSharesOfRetiredItems(t.db, NOW)).toBe(2);
    expect((await reloadShare(t.db, a.id)).status).toBe("cancelled");
    expect((await reloadShare(t.db, b.id)).status).toBe("cancelled");
    expect((await reloadShare(t.db, c.id)).status).toBe("scheduled");
  });
});
