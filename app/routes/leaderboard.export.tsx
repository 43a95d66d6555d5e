import { csvResponse, toCsv } from "~/domain/csv";
import { requireUser } from "~/domain/guards.server";
import { leaderboard, teamLeaderboard } from "~/domain/leaderboard.server";
import { leaderboardQuery } from "~/domain/periods";
import { reportRead } from "~/domain/reads.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

/** CSV of the leaderboard view in the URL (period, scope, measure): every ranked row, not only the top. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { period, scope, measure } = leaderboardQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const stamp = new Date().toISOString().slice(0, 10);
  if (scope === "teams") {
    const { data: teams } = await reportRead(request, context, user, (db) => teamLeaderboard(db, { period, measure }));
    return csvResponse(
      `chorus-leaderboard-teams-${measure}-${period}-${stamp}.csv`,
      toCsv(
        ["rank", "team", "active_members", "points", "points_per_member"],
        teams.map((t) => [t.rank, t.name, t.members, t.points, t.perMember]),
      ),
    );
  }
  const { data: board } = await reportRead(request, context, user, (db) =>
    leaderboard(db, { period, viewerId: user.id, teamId: scope === "team" ? user.teamId : null, limit: 100_000 }),
  );
  return csvResponse(
    `chorus-leaderboard-${scope}-${period}-${stamp}.csv`,
    toCsv(
      ["rank", "name", "team", "points", "movement"],
      board.rows.map((r) => [r.rank, r.name, r.teamName, r.points, r.movement]),
    ),
  );
}
