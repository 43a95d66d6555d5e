import { Progress } from "~/components/progress";
import type { ChallengesData } from "~/routes/_app.challenges";

type Challenge = ChallengesData["challenges"][number];

const UNIT = { shares: "shares", clicks: "clicks", points: "points" } as const;

/** One challenge: goal, who and when, bonus, and how far everyone has come. */
export function ChallengeCard({ challenge: c }: { challenge: Challenge }) {
  return (
    <section className="card stack gap-lg" aria-labelledby={`challenge-${c.id}`}>
      <div className="row row-between">
        <h2 className="flush" id={`challenge-${c.id}`}>
          {c.title}
        </h2>
        <span className={`badge${c.state === "running" ? " badge-ok" : " badge-muted"}`}>{c.state}</span>
      </div>
      <p className="muted flush">
        {c.goal.toLocaleString("en-GB")} {UNIT[c.metric]} each · {c.teamName ?? "Everyone"} · {c.startsOn} – {c.endsOn}
        {c.bonusPoints ? ` · +${c.bonusPoints} bonus points` : ""}
      </p>
      {c.description ? <p className="flush">{c.description}</p> : null}
      {c.recalculating ? (
        <p className="notice" role="status">
          Points are being recalculated for everyone; progress is back in a minute or two.
        </p>
      ) : null}
      <ChallengeProgress challenge={c} />
    </section>
  );
}

/** The viewer's progress, the team's (or company's) completion, and the leading participants. */
function ChallengeProgress({ challenge: c }: { challenge: Challenge }) {
  return (
    <>
      {c.me ? (
        <div>
          <strong>You{c.me.completed ? " ✓ completed" : ""}</strong>
          <Progress label={`Your progress on ${c.title}`} value={c.me.progress} max={c.goal} />
        </div>
      ) : null}
      {c.recalculating ? null : (
        <div>
          <strong>
            {c.teamName ?? "Company"}: {c.completed} of {c.participants} completed
          </strong>
          <Progress
            label={`${c.teamName ?? "Company"} completion on ${c.title}`}
            value={c.completed}
            max={Math.max(1, c.participants)}
          />
        </div>
      )}
      {c.leaders.length ? (
        <ol className="challenge-leaders" aria-label={`Participants of ${c.title}`}>
          {c.leaders.map((l) => (
            <li key={l.userId}>
              <span>
                {l.name}
                {l.completed ? " ✓" : ""}
              </span>
              <Progress label={`${l.name} on ${c.title}`} value={l.progress} max={c.goal} />
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}
