import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { awardChallenges, challengeInput, challengesFor, createChallenge } from "~/domain/challenges.server";
import { runAwards } from "~/domain/gamification/award-run.server";
import { notifications, pointEvents, users } from "../../db/schema";
import { NOW, useAwardsTestDb } from "../helpers/awards";
import { createTeam, createUser } from "../helpers/factories";
import { createRep } from "../helpers/fixtures";

describe("challenges", () => {
  const { t, publish } = useAwardsTestDb();

  it("completes a challenge exactly at its goal inside its window, once, with its bonus and a notification", async () => {
    const manager = await createUser(t.db, { role: "manager" });
    const team = await createTeam(t.db);
    await t.db.update(users).set({ teamId: team.id }).where(eq(users.id, manager.id));
    const exact = await createRep(t.db, { teamId: team.id });
    const short = await createRep(t.db, { teamId: team.id });
    const outsider = await createRep(t.db);
    const input = challengeInput.parse({
      title: "Three this week",
      metric: "shares",
      goal: "3",
      teamId: team.id,
      startsAt: "2026-06-08T00:00",
      endsAt: "2026-06-13T00:00",
      bonusPoints: "20",
    });
    expect(await createChallenge(t.db, { id: manager.id, role: "manager", teamId: null }, input)).toMatchObject({
      ok: false,
      field: "teamId",
    });
    expect(
      await createChallenge(t.db, { id: manager.id, role: "manager", teamId: null }, { ...input, teamId: null }),
    ).toMatchObject({ ok: false, field: "teamId" });
    const created = await createChallenge(t.db, { id: manager.id, role: "manager", teamId: team.id }, input);
    expect(created.ok).toBe(true);
    for (const d of ["08", "09", "11"]) await publish(exact.id, `2026-06-${d}T10:00:00Z`);
    await publish(exact.id, "2026-06-05T10:00:00Z"); // before the window
    for (const d of ["08", "09"]) await publish(short.id, `2026-06-${d}T10:00:00Z`);
    for (const d of ["08", "09", "10"]) await publish(outsider.id, `2026-06-${d}T10:00:00Z`); // not on the team

    await runAwards(t.db, NOW);
    await Promise.all([awardChallenges(t.db, NOW), awardChallenges(t.db, NOW)]);
    const done = await t.db.select().from(pointEvents).where(eq(pointEvents.kind, "challenge"));
    expect(done.map((r) => [r.userId, r.points])).toEqual([[exact.id, 20]]);
    const told = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, exact.id), eq(notifications.kind, "challenge")));
    expect(told.map((n) => n.title)).toEqual(["Challenge completed: Three this week"]);
    const [view] = (await challengesFor(t.db, { id: short.id, teamId: team.id }, { now: NOW })).filter(
      (c) => c.title === "Three this week",
    );
    expect(view).toMatchObject({
      goal: 3,
      participants: 3,
      completed: 1,
      total: 5,
      me: { progress: 2, completed: false },
    });
    // Leaders are those with any progress, and always the viewer.
    expect(view!.leaders.map((l) => [l.progress, l.completed])).toEqual([
      [3, true],
      [2, false],
    ]);
  });

  it("a full recompute awards challenges that ended long ago again", async () => {
    const marketer = await createUser(t.db, { role: "marketer" });
    const rep = await createRep(t.db);
    await createChallenge(
      t.db,
      { id: marketer.id, role: "marketer", teamId: null },
      challengeInput.parse({
        title: "Old sprint",
        metric: "shares",
        goal: "1",
        startsAt: "2026-05-01T00:00",
        endsAt: "2026-05-08T00:00",
        bonusPoints: "30",
      }),
    );
    await publish(rep.id, "2026-05-02T10:00:00Z");
    await runAwards(t.db, NOW); // a month after the challenge ended
    const bonus = async () =>
      (
        await t.db
          .select()
          .from(pointEvents)
          .where(and(eq(pointEvents.userId, rep.id), eq(pointEvents.kind, "challenge")))
      ).map((r) => r.points);
    expect(await bonus()).toEqual([30]);
  });

  it("a points challenge does not count challenge bonuses", async () => {
    const marketer = await createUser(t.db, { role: "marketer" });
    const rep = await createRep(t.db);
    await createChallenge(
      t.db,
      { id: marketer.id, role: "marketer", teamId: null },
      challengeInput.parse({
        title: "Points sprint",
        metric: "points",
        goal: "10",
        startsAt: "2026-06-20T00:00",
        endsAt: "2026-06-27T00:00",
        bonusPoints: "50",
      }),
    );
    await t.db.insert(pointEvents).values([
      {
        userId: rep.id,
        kind: "challenge",
        points: 500,
        source: `other:${rep.id}`,
        createdAt: new Date("2026-06-21T10:00:00Z"),
      },
      {
        userId: rep.id,
        kind: "share",
        points: 9,
        source: `fake-share-${rep.id}`,
        createdAt: new Date("2026-06-21T10:00:00Z"),
      },
    ]);
    expect(await awardChallenges(t.db, new Date("2026-06-22T00:00:00Z"))).toBe(0);
    await t.db.insert(pointEvents).values({
      userId: rep.id,
      kind: "share",
      points: 1,
      source: `fake-share-2-${rep.id}`,
      createdAt: new Date("2026-06-21T11:00:00Z"),
    });
    expect(await awardChallenges(t.db, new Date("2026-06-22T00:00:00Z"))).toBe(1);
  });
});
