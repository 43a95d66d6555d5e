import { Movement } from "~/components/movement";
import { PERIOD_LABELS } from "~/domain/periods";
import type { LeaderboardData } from "~/routes/_app.leaderboard";

/** People ranked by points, the viewer's own line first as a sentence and again (highlighted) in the table. */
export function PeopleBoard({
  rows,
  me,
  period,
  scope,
}: {
  rows: LeaderboardData["rows"];
  me: LeaderboardData["me"];
  period: LeaderboardData["period"];
  scope: LeaderboardData["scope"];
}) {
  return (
    <>
      {me ? (
        <p className="notice" role="status">
          You are #{me.rank} with {me.points} points.
        </p>
      ) : (
        <p className="muted">You have no points in this period yet. Share something to get on the board.</p>
      )}
      {rows.length === 0 ? (
        <p className="card">Nobody has points in this period yet.</p>
      ) : (
        <table>
          <caption className="sr-only">
            {PERIOD_LABELS[period]}, {scope === "team" ? "my team" : "company"}
          </caption>
          <thead>
            <tr>
              <th>Rank</th>
              {/* All time has no previous period to move against. */}
              {period === "all" ? null : <th>Move</th>}
              <th>Name</th>
              <th>Team</th>
              <th className="text-right">Points</th>
            </tr>
          </thead>
          <tbody>
            {[...rows, ...(me && !rows.some((r) => r.isMe) ? [me] : [])].map((r) => (
              <tr key={r.userId} className={r.isMe ? "me-row" : undefined} aria-current={r.isMe ? "true" : undefined}>
                <td>#{r.rank}</td>
                {period === "all" ? null : (
                  <td>
                    <Movement value={r.movement} />
                  </td>
                )}
                <td>{r.name}</td>
                <td className="muted">{r.teamName ?? "—"}</td>
                <td className="text-right bold">{r.points}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
