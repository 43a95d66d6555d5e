import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Progress } from "~/components/progress";
import { challengesFor } from "~/domain/challenges.server";
import { LEADS, requireUser } from "~/domain/guards.server";
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
    })),
  };
}

const UNIT = { shares: "shares", clicks: "clicks", points: "points" } as const;
const day = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short" });

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
        <section key={c.id} className="card stack gap-lg" aria-labelledby={`challenge-${c.id}`}>
          <div className="row row-between">
            <h2 className="flush" id={`challenge-${c.id}`}>
              {c.title}
            </h2>
            <span className={`badge${c.state === "running" ? " badge-ok" : " badge-muted"}`}>{c.state}</span>
          </div>
          <p className="muted flush">
            {c.goal.toLocaleString("en-GB")} {UNIT[c.metric]} each · {c.teamName ?? "Everyone"} · {day(c.startsAt)} –{" "}
            {day(c.endsAt)}
            {c.bonusPoints ? ` · +${c.bonusPoints} bonus points` : ""}
          </p>
          {c.description ? <p className="flush">{c.description}</p> : null}
          {c.recalculating ? (
            <p className="notice" role="status">
              Points are being recalculated for everyone; progress is back in a minute or two.
            </p>
          ) : null}
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
        </section>
      ))}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
