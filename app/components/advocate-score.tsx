export interface AdvocateScoreView {
  score: number;
  pillars: { profile: number; reach: number; personalised: number; consistency: number };
  facts: { accounts: number; uniqueClicks: number; editedShares: number; activeWeeks: number };
  tips: string[];
}

const PILLARS = [
  {
    key: "profile",
    label: "Profile and accounts",
    fact: (f: AdvocateScoreView["facts"]) => `${f.accounts} network${f.accounts === 1 ? "" : "s"} connected`,
  },
  { key: "reach", label: "Reach", fact: (f: AdvocateScoreView["facts"]) => `${f.uniqueClicks} unique clicks` },
  {
    key: "personalised",
    label: "Personalised engagement",
    fact: (f: AdvocateScoreView["facts"]) => `${f.editedShares} shares in your own words`,
  },
  {
    key: "consistency",
    label: "Consistency",
    fact: (f: AdvocateScoreView["facts"]) => `${f.activeWeeks} of 12 weeks active`,
  },
] as const;

/** The rep's advocate score on the Me page: four pillars of 25 and what would raise it. */
export function AdvocateScoreCard({ score }: { score: AdvocateScoreView }) {
  return (
    <section className="card stack" aria-labelledby="advocate-score-heading">
      <div className="row row-between">
        <h2 id="advocate-score-heading" className="flush">
          Advocate score
        </h2>
        <strong className="score-total" aria-label={`Advocate score ${score.score} out of 100`}>
          {score.score}
          <span className="muted"> / 100</span>
        </strong>
      </div>
      <p className="muted flush">Four pillars of 25 points, over the last 12 weeks.</p>
      <ul className="pillars">
        {PILLARS.map((p) => (
          <li key={p.key}>
            <div className="row row-between">
              <span>{p.label}</span>
              <span>
                <strong>{score.pillars[p.key]}</strong>
                <span className="muted"> / 25</span>
              </span>
            </div>
            <span className="meter meter-wide" aria-hidden="true">
              {/* The one style left: the meter's fill is the pillar's own number. */}
              <span style={{ width: `${(score.pillars[p.key] / 25) * 100}%` }} />
            </span>
            <span className="muted small-print">{p.fact(score.facts)}</span>
          </li>
        ))}
      </ul>
      {score.tips.length ? (
        <div>
          <h3 className="tips-title">What would raise it</h3>
          <ul className="tips-list">
            {score.tips.map((tip) => (
              <li key={tip}>{tip}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="notice">Full marks on every pillar. Keep it up!</p>
      )}
    </section>
  );
}
