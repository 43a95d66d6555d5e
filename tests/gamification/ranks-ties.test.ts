import { describe, expect, it } from "vitest";
import { leaderboard, refreshLeaderboards } from "~/domain/leaderboard.server";
import { meetingBoard } from "~/domain/meeting.server";
import { loader as exportLoader } from "~/routes/leaderboard.export";
import { leaderboardSnapshots, userPointsDaily } from "../../db/schema";
import { contextFor, cookieFor, createTeam, getRequest } from "../helpers/factories";
import { createRep } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

/**
 * Competition ranking ("1, 2, 2, 4") everywhere a rank is shown: the company board, a team board, the
 * viewer's own row further down, meeting mode's data and the CSV export.
 */
const CASES = [
  { tie: "first", points: [100, 100, 90, 80, 70], ranks: [1, 1, 3, 4, 5] },
  { tie: "second", points: [100, 90, 90, 80, 70], ranks: [1, 2, 2, 4, 5] },
  { tie: "third", points: [100, 90, 80, 80, 70], ranks: [1, 2, 3, 3, 5] },
];

describe("ranks with ties", () => {
  const t = useTestDb();

  for (const { tie, points, ranks } of CASES)
    it(`a tie for ${tie} shares the rank and the next rank skips, on every board and in the export`, async () => {
      await t.db.delete(userPointsDaily);
      await t.db.delete(leaderboardSnapshots);
      const team = await createTeam(t.db);
      const people = [];
      for (const [i, n] of points.entries()) {
        const rep = await createRep(t.db, { name: `${tie} ${String.fromCharCode(65 + i)}`, teamId: team.id });
        await t.db.insert(userPointsDaily).values({ userId: rep.id, day: "2026-06-11", points: n });
        people.push(rep);
      }
      const last = people.at(-1);
      if (!last) throw new Error("no people");
      await refreshLeaderboards(t.db, new Date());
      const expected = people.map((p, i) => [p.name, ranks[i]]);

      const company = await leaderboard(t.db, { period: "all", viewerId: last.id });
      expect(company.rows.map((r) => [r.name, r.rank])).toEqual(expected);
      const teamBoard = await leaderboard(t.db, { period: "all", teamId: team.id, viewerId: last.id });
      expect(teamBoard.rows.map((r) => [r.name, r.rank])).toEqual(expected);
      // The viewer below the cut is ranked by the people ahead of them, the same rule.
      for (const teamId of [null, team.id]) {
        const top = await leaderboard(t.db, { period: "all", teamId, viewerId: last.id, limit: 1 });
        expect(top.me).toMatchObject({ name: last.name, rank: 5 });
      }
      const wall = await meetingBoard(t.db, { period: "all", teamId: null, teamName: null, viewerId: last.id });
      expect(wall.rows.map((r) => [r.name, r.rank])).toEqual(expected);

      const csv = await exportLoader({
        request: getRequest("/leaderboard/export?period=all&scope=company", await cookieFor(t.db, last.id)),
        params: {},
        context: contextFor(t.db),
      });
      const lines = (await csv.text()).trim().split("\r\n").slice(1);
      expect(lines.map((line) => line.split(",").slice(0, 2))).toEqual(
        expected.map(([name, rank]) => [`${rank}`, name]),
      );
    });
});
