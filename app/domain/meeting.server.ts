import { latestBadges, leaderboard } from "./leaderboard.server";
import type { Db } from "../../db/client.server";
import type { Period } from "./periods";

/** One screen of meeting mode: the top ten of the company or a team, with the latest badges. */
export async function meetingBoard(
  db: Db,
  input: { period: Period; teamId: string | null; teamName: string | null; viewerId: string; now?: Date },
) {
  const [board, badges] = await Promise.all([
    leaderboard(db, {
      period: input.period,
      teamId: input.teamId,
      viewerId: input.viewerId,
      now: input.now,
      limit: 10,
    }),
    latestBadges(db, input.teamId),
  ]);
  return {
    title: input.teamName ?? "Whole company",
    period: input.period,
    rows: board.rows.slice(0, 10).map((r) => ({
      userId: r.userId,
      name: r.name,
      teamName: r.teamName,
      points: r.points,
      rank: r.rank,
      movement: r.movement,
    })),
    badges: badges.map((b) => ({
      name: b.userName,
      badge: b.badgeName,
      earnedAt: new Date(b.earnedAt).toISOString(),
    })),
    generatedAt: (input.now ?? new Date()).toISOString(),
  };
}
export type MeetingBoard = Awaited<ReturnType<typeof meetingBoard>>;
