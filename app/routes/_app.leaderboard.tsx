import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FiguresAsOf } from "~/components/figures-as-of";
import { PeopleBoard } from "~/components/leaderboard/people-board";
import { TabLink } from "~/components/leaderboard/tab-link";
import { TeamBoard } from "~/components/leaderboard/team-board";
import { LEADS, requireUser } from "~/domain/guards.server";
import { leaderboard, teamLeaderboard } from "~/domain/leaderboard.server";
import { leaderboardQuery, PERIOD_LABELS, PERIODS } from "~/domain/periods";
import { reportRead } from "~/domain/reads.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Leaderboard · Chorus" }];

const LABELS = PERIOD_LABELS;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { period, scope, measure } = leaderboardQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const {
    data: [board, teams],
    figuresAsOf,
  } = await reportRead(request, context, user, (db) =>
    Promise.all([
      scope === "teams"
        ? null
        : leaderboard(db, { period, viewerId: user.id, teamId: scope === "team" ? user.teamId : null }),
      scope === "teams" ? teamLeaderboard(db, { period, measure }) : null,
    ]),
  );
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
    figuresAsOf,
  };
}

/** What the leaderboard's loader gives its pieces (app/components/leaderboard). */
export type LeaderboardData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Leaderboard() {
  const { period, scope, measure, hasTeam, myTeamId, canMeet, rows, me, teams, figuresAsOf } =
    useLoaderData<typeof loader>();
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
      <FiguresAsOf value={figuresAsOf} />
      <div className="row row-between">
        <nav className="tabs mb-0" aria-label="Period">
          {PERIODS.map((p) => (
            <TabLink key={p} to={link({ period: p })} active={p === period}>
              {LABELS[p]}
            </TabLink>
          ))}
        </nav>
        <nav className="tabs mb-0" aria-label="Scope">
          <TabLink to={link({ scope: "company" })} active={scope === "company"}>
            Company
          </TabLink>
          {hasTeam ? (
            <TabLink to={link({ scope: "team" })} active={scope === "team"}>
              My team
            </TabLink>
          ) : null}
          <TabLink to={link({ scope: "teams" })} active={scope === "teams"}>
            Teams
          </TabLink>
        </nav>
      </div>
      {teams ? (
        <TeamBoard teams={teams} period={period} measure={measure} myTeamId={myTeamId} link={link} />
      ) : (
        <PeopleBoard rows={rows} me={me} period={period} scope={scope} />
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
