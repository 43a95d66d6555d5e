import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runAwards } from "~/domain/gamification/award-run.server";
import { savePointsSettings } from "~/domain/gamification/settings.server";
import { auditLog, pointEvents } from "../../db/schema";
import { NOW, useAwardsTestDb } from "../helpers/awards";
import { createUser } from "../helpers/factories";
import { createRep } from "../helpers/fixtures";

describe("points settings", () => {
  const { t, publish } = useAwardsTestDb();

  it("new point values apply from then on and the change is audited", async () => {
    const admin = await createUser(t.db, { role: "admin" });
    const rep = await createRep(t.db);
    const before = await publish(rep.id, "2026-06-10T09:00:00Z", { method: "intent" });
    await runAwards(t.db, NOW);
    await savePointsSettings(t.db, {
      actorId: admin.id,
      input: {
        apiShare: 10,
        intentShare: 8,
        copyShare: 5,
        uniqueClick: 1,
        clickCapPerShareDay: 20,
      },
    });
    const after = await publish(rep.id, "2026-06-12T11:00:00Z", { method: "intent" });
    await runAwards(t.db, new Date("2026-06-12T12:05:00Z"));
    const points = async (shareId: string) =>
      (
        await t.db
          .select()
          .from(pointEvents)
          .where(and(eq(pointEvents.kind, "share"), eq(pointEvents.shareId, shareId)))
      )[0]!.points;
    expect([await points(before.id), await points(after.id)]).toEqual([5, 8]);
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, "settings.points"));
    expect(entry!.detail).toMatchObject({ before: { intentShare: 5 }, after: { intentShare: 8 } });
    await savePointsSettings(t.db, {
      actorId: admin.id,
      input: {
        apiShare: 10,
        intentShare: 5,
        copyShare: 5,
        uniqueClick: 1,
        clickCapPerShareDay: 20,
      },
    });
  });
});
