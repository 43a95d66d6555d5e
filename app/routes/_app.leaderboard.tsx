import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Movement } from "~/components/movement";
import { LEADS, requireUser } from "~/domain/guards.server";
import { leaderboard, teamLeaderboard } from "~/domain/leaderboard.server";
import { leaderboardQuery, PERIOD_LABELS, PERIODS } from "~/domain/periods";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Leaderboard · Chorus" }];

const LABELS = PERIOD_LABELS;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { period, scope, measure } = leaderboardQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [board, teams] = await Promise.all([
    scope === "teams"
      ? null
      : leaderboard(context.db, { period, viewerId: user.id, teamId: scope === "team" ? user.teamId : null }),
    scope === "teams" ? teamLeaderboard(context.db, { period, measure }) : null,
  ]);
  return {
    period,
    scope,
    measure,
    hasTeam: Boolean(user.teamId),
    myTeamId: user.teamId,
    canMeet: (LEADS as readonly string[]).includes(user.role),
    rows: board?.rows ?? [],
    me: board?.me ?? null,
    teams,
  };
}

export default function Leaderboard() {
  const { period, scope, measure, hasTeam, myTeamId, canMeet, rows, me, teams } = useLoaderData<typeof loader>();
  const link = (over: Partial<{ period: string; scope: string; measure: string }>) =>
    `?${new URLSearchParams({ period, scope, measure, ...over })}`;
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Leaderboard</h1>
        <div className="row">
          <a className="button button-secondary" href={`/leaderboard/export${link({})}`} download>
            Export CSV
          </a>
          {canMeet ? (
            <Link
              className="button"
              to={`/leaderboard/meeting?period=${period}`}
              // Full screen needs a click; the meeting page keeps it across the client-side navigation.
              onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}
            >
              Meeting mode
            </Link>
          ) : null}
        </div>
      </div>
      <div className="row row-between">
        <nav className="tabs mb-0" aria-label="Period">
          {PERIODS.map((p) => (
            <Link
              key={p}
              to={link({ period: p })}
              className={p === period ? "active" : undefined}
              aria-current={p === period ? "page" : undefined}
            >
              {LABELS[p]}
            </Link>
          ))}
        </nav>
        <nav className="tabs mb-0" aria-label="Scope">
          <Link
            to={link({ scope: "company" })}
            className={scope === "company" ? "active" : undefined}
            aria-current={scope === "company" ? "page" : undefined}
          >
            Company
          </Link>
          {hasTeam ? (
            <Link
              to={link({ scope: "team" })}
              className={scope === "team" ? "active" : undefined}
              aria-current={scope === "team" ? "page" : undefined}
            >
              My team
            </Link>
          ) : null}
          <Link
            to={link({ scope: "teams" })}
            className={scope === "teams" ? "active" : undefined}
            aria-current={scope === "teams" ? "page" : undefined}
          >
            Teams
          </Link>
        </nav>
      </div>
      {teams ? (
        <>
          <nav className="tabs mb-0" aria-label="Team measure">
            <Link
              to={link({ measure: "total" })}
              className={measure === "total" ? "active" : undefined}
              aria-current={measure === "total" ? "page" : undefined}
            >
              Total points
            </Link>
            <Link
              to={link({ measure: "per_member" })}
              className={measure === "per_member" ? "active" : undefined}
              aria-current={measure === "per_member" ? "page" : undefined}
            >
              Per active member
            </Link>
          </nav>
          <table>
            <caption className="sr-only">
              Teams, {LABELS[period]}, {measure === "total" ? "total points" : "points per active member"}
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
      ) : null}
      {teams ? null : me ? (
        <p className="notice" role="status">
          You are #{me.rank} with {me.points} points.
        </p>
      ) : (
        <p className="muted">You have no points in this period yet. Share something to get on the board.</p>
      )}
      {teams ? null : rows.length === 0 ? (
        <p className="card">Nobody has points in this period yet.</p>
      ) : (
        <table>
          <caption className="sr-only">
            {LABELS[period]}, {scope === "team" ? "my team" : "company"}
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
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
