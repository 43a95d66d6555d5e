import { formatInt, ReportCard } from "~/components/report";
import type { AdvocateScore } from "~/domain/analytics/advocate-score.server";

const PILLARS_IN_WORDS =
  "Four pillars of 25 over the last 12 weeks: profile and accounts, reach, personalised engagement, consistency.";

/** The top advocate scores with each rep's pillars and the first thing that would raise the score. */
export function ScoresCard({
  scores,
  scoreCount,
  exportHref,
}: {
  scores: AdvocateScore[];
  scoreCount: number;
  exportHref: string;
}) {
  const cut =
    scoreCount > scores.length ? ` Top ${scores.length} of ${formatInt(scoreCount)} reps; the CSV has everyone.` : "";
  return (
    <ReportCard
      id="scores"
      title="Advocate scores"
      description={`${PILLARS_IN_WORDS}${cut}`}
      exportHref={exportHref}
      isEmpty={!scores.length}
      emptyText="No reps in scope."
    >
      <table>
        <caption className="sr-only">Advocate score per rep</caption>
        <thead>
          <tr>
            <th>Rep</th>
            <th className="num">Score</th>
            <th className="num">Profile</th>
            <th className="num">Reach</th>
            <th className="num">Personalised</th>
            <th className="num">Consistency</th>
            <th>What would raise it</th>
          </tr>
        </thead>
        <tbody>
          {scores.map((s) => (
            <tr key={s.userId}>
              <td>
                {s.name}
                <div className="muted">{s.teamName ?? "No team"}</div>
              </td>
              <td className="num">
                <strong>{s.score}</strong>
              </td>
              <td className="num">{s.pillars.profile}</td>
              <td className="num">{s.pillars.reach}</td>
              <td className="num">{s.pillars.personalised}</td>
              <td className="num">{s.pillars.consistency}</td>
              <td className="muted">{s.tips[0] ?? "Top marks on every pillar."}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ReportCard>
  );
}
