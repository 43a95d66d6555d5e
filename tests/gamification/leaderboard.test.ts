import { describe, expect, it } from "vitest";
import { leaderboard, periodRange, refreshLeaderboards } from "~/domain/leaderboard.server";
import { loader as meetingData } from "~/routes/leaderboard.data";
import { userPointsDaily } from "../../db/schema";
import { contextFor, cookieFor, createTeam, createUser, getRequest } from "../helpers/factories";
import { createRep } from "../helpers/fixtures";
import { useTestDb } from "../helpers/test-db";

const NOW = new Date("2026-06-17T12:00:00Z"); // a Wednesday

describe("leaderboard", () => {
  const t = useTestDb();

  it("computes period ranges in UTC, weeks from Monday", () => {
    expect(periodRange("week", NOW)).toEqual({
      start: "2026-06-15",
      end: "2026-06-18",
      prevStart: "2026-06-08",
      prevEnd: "2026-06-15",
    });
    expect(periodRange("month", NOW)).toMatchObject({
      start: "2026-06-01",
      prevStart: "2026-05-01",
      prevEnd: "2026-06-01",
    });
    expect(periodRange("quarter", NOW)).toMatchObject({ start: "2026-04-01", prevStart: "2026-01-01" });
  });

  it("ranks by points with shared ranks for ties, movement against last period, and the viewer always shown", async () => {
    const team = await createTeam(t.db);
    const [ana, ben, cat, dan] = await Promise.all(
      ["Ana", "Ben", "Cat", "Dan"].map((name) => createRep(t.db, { name, teamId: team.id })),
    );
    const points = (userId: string, day: string, n: number) => ({ userId, day, points: n });
    await t.db.insert(userPointsDaily).values([
      // last week: Ben first, Ana second, Cat third
      points(ben!.id, "2026-06-09", 30),
      points(ana!.id, "2026-06-10", 20),
      points(cat!.id, "2026-06-11", 10),
      // this week: Ana and Cat tie at 25, Ben 10, Dan 1
      points(ana!.id, "2026-06-15", 25),
      points(cat!.id, "2026-06-16", 20),
      points(cat!.id, "2026-06-17", 5),
      points(ben!.id, "2026-06-16", 10),
      points(dan!.id, "2026-06-15", 1),
    ]);
    await refreshLeaderboards(t.db, NOW);
    const board = await leaderboard(t.db, { period: "week", teamId: team.id, viewerId: dan!.id, now: NOW, limit: 3 });
    expect(board.rows.map((r) => [r.name, r.rank, r.points, r.movement])).toEqual([
      ["Ana", 1, 25, 1],
      ["Cat", 1, 25, 2],
      ["Ben", 3, 10, -2],
    ]);
    expect(board.me).toMatchObject({ name: "Dan", rank: 4, points: 1, movement: null, isMe: true });
  });

  it("company board: the top rows and ties at the cut, the viewer's rank counted further down, movement from last period", async () => {
    await t.db.delete(userPointsDaily);
    const [ana, ben, cat, dan, eve] = await Promise.all(
      ["Ana", "Ben", "Cat", "Dan", "Eve"].map((name) => createRep(t.db, { name })),
    );
    const points = (userId: string, day: string, n: number) => ({ userId, day, points: n });
    await t.db
      .insert(userPointsDaily)
      .values([
        points(ben!.id, "2026-06-09", 30),
        points(ana!.id, "2026-06-10", 20),
        points(cat!.id, "2026-06-11", 10),
        points(ana!.id, "2026-06-15", 25),
        points(cat!.id, "2026-06-16", 25),
        points(ben!.id, "2026-06-16", 10),
        points(eve!.id, "2026-06-17", 10),
        points(dan!.id, "2026-06-15", 1),
      ]);
    await refreshLeaderboards(t.db, NOW);
    const board = await leaderboard(t.db, { period: "week", viewerId: dan!.id, now: NOW, limit: 3 });
    expect(board.rows.map((r) => [r.name, r.rank, r.points, r.movement])).toEqual([
      ["Ana", 1, 25, 1],
      ["Cat", 1, 25, 2],
      ["Ben", 3, 10, -2],
      ["Eve", 3, 10, null],
    ]);
    expect(board.me).toMatchObject({ name: "Dan", rank: 5, points: 1, movement: null, isMe: true });
    // A viewer inside the top rows is not listed twice.
    const asAna = await leaderboard(t.db, { period: "week", viewerId: ana!.id, now: NOW, limit: 3 });
    expect(asAna.rows.filter((r) => r.isMe)).toHaveLength(1);
    expect(asAna.me).toMatchObject({ name: "Ana", rank: 1 });
  });

  it("company board: last period's ranks count everyone then, ties share a rank, for the top rows and the viewer", async () => {
    await t.db.delete(userPointsDaily);
    const [zed, ana, ben, cat, dan, eve] = await Promise.all(
      ["Zed", "Ana", "Ben", "Cat", "Dan", "Eve"].map((name) => createRep(t.db, { name })),
    );
    const points = (userId: string, day: string, n: number) => ({ userId, day, points: n });
    await t.db.insert(userPointsDaily).values([
      // last week: Zed 50 (and nothing this week), Ana and Ben tie at 30, Cat 20, Dan 5
      points(zed!.id, "2026-06-09", 50),
      points(ana!.id, "2026-06-10", 30),
      points(ben!.id, "2026-06-11", 30),
      points(cat!.id, "2026-06-12", 20),
      points(dan!.id, "2026-06-14", 5),
      // this week: Cat 40, Ana 30, Ben 20, Eve 10, Dan 1
      points(cat!.id, "2026-06-15", 40),
      points(ana!.id, "2026-06-16", 30),
      points(ben!.id, "2026-06-16", 20),
      points(eve!.id, "2026-06-17", 10),
      points(dan!.id, "2026-06-15", 1),
    ]);
    await refreshLeaderboards(t.db, NOW);
    const expected = [
      ["Cat", 1, 40, 4 - 1],
      ["Ana", 2, 30, 2 - 2],
      ["Ben", 3, 20, 2 - 3],
    ];
    for (const viewer of [dan!, ana!, eve!]) {
      const board = await leaderboard(t.db, { period: "week", viewerId: viewer.id, now: NOW, limit: 3 });
      expect(board.rows.map((r) => [r.name, r.rank, r.points, r.movement])).toEqual(expected);
      if (viewer === dan) expect(board.me).toMatchObject({ name: "Dan", rank: 5, movement: 5 - 5 });
      if (viewer === eve) expect(board.me).toMatchObject({ name: "Eve", rank: 4, movement: null });
    }
  });

  it("meeting mode's data names the team it shows, and answers 404 for a team that does not exist", async () => {
    const manager = await createUser(t.db, { role: "manager" });
    const team = await createTeam(t.db);
    const cookie = await cookieFor(t.db, manager.id);
    const data = (query: string) =>
      meetingData({ request: getRequest(`/leaderboard/data?${query}`, cookie), params: {}, context: contextFor(t.db) });
    const teamBoard = await data(`period=week&team=${team.id}`);
    expect(teamBoard.status).toBe(200);
    expect(await teamBoard.json()).toMatchObject({ title: team.name, period: "week" });
    expect(await (await data("period=week&team=company")).json()).toMatchObject({ title: "Whole company" });
    const unknown = await data(`team=${crypto.randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "Unknown team" });
  });
});
