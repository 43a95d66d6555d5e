import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireUser } from "~/domain/guards.server";
import { leaderboard } from "~/domain/leaderboard.server";
import { PERIODS } from "~/domain/periods";

export const meta: MetaFunction = () => [{ title: "Leaderboard · Chorus" }];

const LABELS = { week: "This week", month: "This month", quarter: "This quarter", all: "All time" } as const;

const querySchema = z.object({
  period: z.enum(PERIODS).catch("month"),
  scope: z.enum(["company", "team"]).catch("company"),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { period, scope } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const board = await leaderboard(context.db, { period, viewerId: user.id, teamId: scope === "team" ? user.teamId : null });
  return { period, scope, hasTeam: Boolean(user.teamId), ...board };
}

function Movement({ value }: { value: number | null }) {
  if (value === null) return <span className="muted" aria-label="new in the ranking">new</span>;
  if (value === 0) return <span className="muted" aria-label="same place">–</span>;
  return value > 0 ? (
    <span className="movement-up" aria-label={`up ${value}`}>▲ {value}</span>
  ) : (
    <span className="movement-down" aria-label={`down ${-value}`}>▼ {-value}</span>
  );
}

export default function Leaderboard() {
  const { period, scope, hasTeam, rows, me } = useLoaderData<typeof loader>();
  const link = (over: Partial<{ period: string; scope: string }>) => `?${new URLSearchParams({ period, scope, ...over })}`;
  return (
    <div className="stack">
      <h1>Leaderboard</h1>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <nav className="tabs" aria-label="Period" style={{ marginBottom: 0 }}>
          {PERIODS.map((p) => (
            <Link key={p} to={link({ period: p })} className={p === period ? "active" : undefined} aria-current={p === period ? "page" : undefined}>
              {LABELS[p]}
            </Link>
          ))}
        </nav>
        {hasTeam ? (
          <nav className="tabs" aria-label="Scope" style={{ marginBottom: 0 }}>
            <Link to={link({ scope: "company" })} className={scope === "company" ? "active" : undefined}>
              Company
            </Link>
            <Link to={link({ scope: "team" })} className={scope === "team" ? "active" : undefined}>
              My team
            </Link>
          </nav>
        ) : null}
      </div>
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
            {LABELS[period]}, {scope === "team" ? "my team" : "company"}
          </caption>
          <thead>
            <tr>
              <th>Rank</th>
              <th>Move</th>
              <th>Name</th>
              <th>Team</th>
              <th style={{ textAlign: "right" }}>Points</th>
            </tr>
          </thead>
          <tbody>
            {[...rows, ...(me && !rows.some((r) => r.isMe) ? [me] : [])].map((r) => (
              <tr key={r.userId} className={r.isMe ? "me-row" : undefined} aria-current={r.isMe ? "true" : undefined}>
                <td>#{r.rank}</td>
                <td>
                  <Movement value={r.movement} />
                </td>
                <td>{r.name}</td>
                <td className="muted">{r.teamName ?? "—"}</td>
                <td style={{ textAlign: "right", fontWeight: 700 }}>{r.points}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
