import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runAwards } from "~/domain/gamification/award-run.server";
import { teamLeaderboard } from "~/domain/leaderboard.server";
import { rows } from "../../db/client.server";
import { userPointsDaily } from "../../db/schema";
import { NOW, useAwardsTestDb } from "../helpers/awards";
import { createTeam } from "../helpers/factories";
import { createRep } from "../helpers/fixtures";

describe("leaderboard snapshots", () => {
  const { t, publish, clicks } = useAwardsTestDb();

  it("the month that just ended takes its last day's click points after midnight", async () => {
    const rep = await createRep(t.db);
    const share = await publish(rep.id, "2026-05-31T10:00:00Z");
    await clicks(share.id, 5, "2026-05-31T12:00:00Z");
    await runAwards(t.db, new Date("2026-05-31T20:00:00Z"));
    await runAwards(t.db, new Date("2026-06-01T00:10:00Z"));
    const [snap] = await rows<{ points: number }>(
      t.db,
      sql`select points from leaderboard_snapshots where period = 'month' and period_start = '2026-05-01' and user_id = ${rep.id}`,
    );
    const [may] = await rows<{ n: number }>(
      t.db,
      sql`select sum(points)::int as n from user_points_daily where user_id = ${rep.id} and day between '2026-05-01' and '2026-05-31'`,
    );
    expect(may!.n).toBeGreaterThan(10); // the share, the click day, badge bonuses
    expect(snap!.points).toBe(may!.n);
  });

  it("ranks teams by total or per active member, ties sharing a rank", async () => {
    await t.db.execute(sql`update users set team_id = null`);
    const big = await createTeam(t.db, `Big ${crypto.randomUUID().slice(0, 6)}`);
    const small = await createTeam(t.db, `Small ${crypto.randomUUID().slice(0, 6)}`);
    const bigMembers = [
      await createRep(t.db, { teamId: big.id }),
      await createRep(t.db, { teamId: big.id }),
      await createRep(t.db, { teamId: big.id }),
      await createRep(t.db, { teamId: big.id }),
    ];
    const loner = await createRep(t.db, { teamId: small.id });
    const day = "2026-06-11";
    await t.db
      .insert(userPointsDaily)
      .values([...bigMembers.map((m) => ({ userId: m.id, day, points: 25 })), { userId: loner.id, day, points: 40 }])
      .onConflictDoNothing();
    const { refreshLeaderboards } = await import("~/domain/leaderboard.server");
    await refreshLeaderboards(t.db, NOW);
    const total = (await teamLeaderboard(t.db, { period: "week", measure: "total", now: NOW })).filter((r) =>
      [big.id, small.id].includes(r.teamId),
    );
    const perMember = (await teamLeaderboard(t.db, { period: "week", measure: "per_member", now: NOW })).filter((r) =>
      [big.id, small.id].includes(r.teamId),
    );
    expect(total.map((r) => [r.name, r.points, r.members])).toEqual([
      [big.name, 100, 4],
      [small.name, 40, 1],
    ]);
    expect(perMember.map((r) => [r.name, r.perMember])).toEqual([
      [small.name, 40],
      [big.name, 25],
    ]);
  });
});
