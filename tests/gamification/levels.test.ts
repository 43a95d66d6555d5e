import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runAwards } from "~/domain/gamification/award-run.server";
import { notifications } from "../../db/schema";
import { NOW, useAwardsTestDb } from "../helpers/awards";
import { createRep } from "../helpers/fixtures";

describe("level-ups", () => {
  const { t, publishMany } = useAwardsTestDb();

  it("notifies a level-up once, however often the job runs", async () => {
    const rep = await createRep(t.db);
    await publishMany(rep.id, 5); // 5 x 10 points = 50: Contributor
    await runAwards(t.db, NOW);
    await runAwards(t.db, NOW);
    const levels = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, rep.id), eq(notifications.kind, "level")));
    expect(levels.map((n) => n.title)).toEqual(["Level up: Contributor"]);
  });
});
