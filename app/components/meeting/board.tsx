import { Link } from "@remix-run/react";
import { Movement, movementText } from "~/components/movement";
import type { MeetingBoard } from "~/domain/meeting.server";

type Row = MeetingBoard["rows"][number];

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();

/**
 * The first three rows as the podium's steps, in the order they stand (second, first, third), and the rest.
 * Rows come ranked (competition ranking: 1, 2, 2, 4), so a step shows its person's own rank: two people
 * tied for second stand on the second and third steps and both read "#2"; a tie for third reads "#3".
 */
export function splitPodium(rows: Row[]): { podium: (Row | undefined)[]; rest: Row[] } {
  return { podium: [rows[1], rows[0], rows[2]], rest: rows.slice(3) };
}

/** What a screen reader hears for a row: "Rita Rep, rank 3, tied, up 2 places, 340 points". */
export function rowLabel(row: Row, all: Row[], showMovement: boolean): string {
  const tied = all.some((o) => o !== row && o.rank === row.rank);
  const parts = [row.name, `rank ${row.rank}`];
  if (tied) parts.push("tied");
  if (showMovement) parts.push(movementText(row.movement));
  parts.push(`${row.points.toLocaleString("en-GB")} points`);
  return parts.join(", ");
}

/** The podium's colours and heights follow the rank (a tie for first is two gold steps), capped at bronze. */
const stepOf = (r: Row) => Math.min(r.rank, 3);

/** Second, first and third place as steps (an empty step while fewer than three have points). */
export function Podium({ rows, showMovement }: { rows: Row[]; showMovement: boolean }) {
  const { podium } = splitPodium(rows);
  return (
    <ol className="mm-podium" aria-label="Podium">
      {podium.map((r, i) =>
        r ? (
          <li key={r.userId} className={`mm-step mm-step-${stepOf(r)}`} aria-label={rowLabel(r, rows, showMovement)}>
            <span className={`mm-avatar mm-avatar-${stepOf(r)}`} aria-hidden="true">
              {initials(r.name)}
            </span>
            <strong className="mm-name">{r.name}</strong>
            <span className="mm-team">{r.teamName ?? ""}</span>
            <span className="mm-points" data-testid={`points-${r.userId}`}>
              {r.points.toLocaleString("en-GB")}
            </span>
            {showMovement ? <Movement value={r.movement} /> : null}
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
  const { rest } = splitPodium(rows);
  return (
    <ol className="mm-ranks" aria-label="Rest of the top ten">
      {rest.map((r) => (
        <li key={r.userId} aria-label={rowLabel(r, rows, showMovement)}>
          <span className="mm-rank">#{r.rank}</span>
          {showMovement ? <Movement value={r.movement} /> : <span />}
          <span className="mm-name">{r.name}</span>
          <span className="mm-points" data-testid={`points-${r.userId}`}>
            {r.points.toLocaleString("en-GB")}
          </span>
        </li>
      ))}
    </ol>
  );
}

/**
 * How to leave, always in sight: Esc (handled by the page) or the link back to the leaderboard. A touch screen
 * has no Esc key: there only the link shows, as a button-sized target.
 */
export function MeetingExit({ to }: { to: string }) {
  return (
    <p className="mm-exit">
      <span className="mm-exit-key">
        Press <kbd>Esc</kbd> to leave ·{" "}
      </span>
      <Link to={to}>Exit meeting mode</Link>
    </p>
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
