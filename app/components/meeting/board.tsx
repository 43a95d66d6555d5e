import { Movement } from "~/components/movement";
import type { MeetingBoard } from "~/domain/meeting.server";

type Row = MeetingBoard["rows"][number];

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();

/** Second, first and third place as steps (an empty step while fewer than three have points). */
export function Podium({ places }: { places: (Row | undefined)[] }) {
  return (
    <ol className="mm-podium" aria-label="Podium">
      {places.map((r, i) =>
        r ? (
          <li
            key={r.userId}
            className={`mm-step mm-step-${[2, 1, 3][i]}`}
            aria-label={`#${r.rank} ${r.name}, ${r.points} points`}
          >
            <span className={`mm-avatar mm-avatar-${[2, 1, 3][i]}`} aria-hidden="true">
              {initials(r.name)}
            </span>
            <strong className="mm-name">{r.name}</strong>
            <span className="mm-team">{r.teamName ?? ""}</span>
            <span className="mm-points" data-testid={`points-${r.userId}`}>
              {r.points.toLocaleString("en-GB")}
            </span>
            <span className="mm-block">#{r.rank}</span>
          </li>
        ) : (
          <li key={`empty-${i}`} className={`mm-step mm-step-${[2, 1, 3][i]} mm-vacant`} aria-hidden="true" />
        ),
      )}
    </ol>
  );
}

/** The places after the podium, with their movement since the previous period. */
export function Ranks({ rows, showMovement }: { rows: Row[]; showMovement: boolean }) {
  return (
    <ol className="mm-ranks" aria-label="Ranks 4 to 10">
      {rows.map((r) => (
        <li key={r.userId} aria-label={`#${r.rank} ${r.name}, ${r.points} points`}>
          <span className="mm-rank">#{r.rank}</span>
          {showMovement ? <Movement value={r.movement} /> : null}
          <span className="mm-name">{r.name}</span>
          <span className="mm-points" data-testid={`points-${r.userId}`}>
            {r.points.toLocaleString("en-GB")}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** The latest badges scrolling along the bottom (the list twice, for a seamless loop; the copy is hidden). */
export function BadgeTicker({ badges }: { badges: MeetingBoard["badges"] }) {
  return (
    <section className="mm-ticker" aria-label="Latest badges">
      <div className="mm-ticker-track">
        {(badges.length ? [...badges, ...badges] : []).map((b, i) => (
          <span key={i} aria-hidden={i >= badges.length ? true : undefined}>
            <span className="mm-star">★</span> <strong>{b.name}</strong> earned {b.badge}
          </span>
        ))}
      </div>
    </section>
  );
}
