import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ChallengeCard } from "~/components/challenges/challenge-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { challengesFor } from "~/domain/challenges.server";
import { LEADS, requireUser } from "~/domain/guards.server";
import { formatDayInZone } from "~/domain/zoned-time.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Challenges · Chorus" }];

const canRun = (role: string) => (LEADS as readonly string[]).includes(role);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const list = await challengesFor(context.db, user, { all: user.role === "admin" || user.role === "marketer" });
  const now = Date.now();
  return {
    canCreate: canRun(user.role),
    challenges: list.map((c) => ({
      ...c,
      state: c.startsAt.getTime() > now ? "upcoming" : c.endsAt.getTime() <= now ? "ended" : "running",
      startsAt: c.startsAt.toISOString(),
      endsAt: c.endsAt.toISOString(),
      // Days as the person reads them, formatted here so the server's and the browser's zones cannot disagree.
      startsOn: formatDayInZone(c.startsAt, user.timeZone),
      endsOn: formatDayInZone(c.endsAt, user.timeZone),
    })),
  };
}

/** What the challenges page's loader gives its pieces (app/components/challenges). */
export type ChallengesData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Challenges() {
  const { challenges, canCreate } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Challenges</h1>
          <p className="muted">
            Time-boxed goals for a team or the whole company. Reach the goal inside the window to earn the bonus.
          </p>
        </div>
        {canCreate ? (
          <Link className="button" to="/challenges/new">
            New challenge
          </Link>
        ) : null}
      </div>
      {params.get("created") ? (
        <p className="notice" role="status">
          Challenge created. Progress updates each time the award job runs.
        </p>
      ) : null}
      {challenges.length === 0 ? (
        <p className="card">No challenges right now.{canCreate ? " Start one with “New challenge”." : ""}</p>
      ) : null}
      {challenges.map((c) => (
        <ChallengeCard key={c.id} challenge={c} />
      ))}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
