import { PERIOD_LABELS } from "~/domain/periods";
import type { LeaderboardData } from "~/routes/_app.leaderboard";
import { TabLink } from "./tab-link";

/** Teams ranked by total points or points per active member (the measure in bold). */
export function TeamBoard({
  teams,
  period,
  measure,
  myTeamId,
  link,
}: {
  teams: NonNullable<LeaderboardData["teams"]>;
  period: LeaderboardData["period"];
  measure: LeaderboardData["measure"];
  myTeamId: string | null;
  link: (over: { measure: string }) => string;
}) {
  return (
    <>
      <nav className="tabs mb-0" aria-label="Team measure">
        <TabLink to={link({ measure: "total" })} active={measure === "total"}>
          Total points
        </TabLink>
        <TabLink to={link({ measure: "per_member" })} active={measure === "per_member"}>
          Per active member
        </TabLink>
      </nav>
      <table>
        <caption className="sr-only">
          Teams, {PERIOD_LABELS[period]}, {measure === "total" ? "total points" : "points per active member"}
        </caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Team</th>
            <th className="text-right" scope="col">
              Members
            </th>
            <th className="text-right" scope="col">
              Points
            </th>
            <th className="text-right" scope="col">
              Per member
            </th>
          </tr>
        </thead>
        <tbody>
          {teams.map((t) => (
            <tr key={t.teamId} className={t.teamId === myTeamId ? "me-row" : undefined}>
              <td>#{t.rank}</td>
              <td>{t.name}</td>
              <td className="text-right">{t.members}</td>
              <td className={measure === "total" ? "text-right bold" : "text-right"}>
                {t.points.toLocaleString("en-GB")}
              </td>
              <td className={measure === "per_member" ? "text-right bold" : "text-right"}>
                {t.perMember.toLocaleString("en-GB")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
