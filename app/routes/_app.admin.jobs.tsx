import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { jobHealth } from "~/domain/analytics/job-health.server";
import { dispatchOverdue } from "~/domain/dispatch.server";
import { ADMIN, requireUser } from "~/domain/guards.server";
import { JOBS } from "../../jobs/registry";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Job health · Admin · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, ADMIN);
  const schedules = Object.fromEntries(Object.entries(JOBS).map(([name, job]) => [name, job.schedule]));
  const [jobs, dispatch] = await Promise.all([jobHealth(context.db, Object.keys(JOBS)), dispatchOverdue(context.db)]);
  return { jobs, schedules, dispatch };
}

const when = (d: string | Date | null) => (d ? new Date(d).toISOString().slice(0, 19).replace("T", " ") + " UTC" : "—");
const duration = (ms: number | null) =>
  ms === null ? "running…" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;

export default function AdminJobs() {
  const { jobs, schedules, dispatch } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      {dispatch.overdue ? (
        <p className="card field-error" role="alert">
          <strong>Dispatch overdue:</strong> the oldest due post has waited {Math.round(dispatch.lateMs / 60_000)}{" "}
          minutes. No worker is sending; on a Postgres server start one with <code>npm run worker</code>.
        </p>
      ) : null}
      <p className="muted flush">The last runs of every background job, newest first, from the job_runs log.</p>
      {jobs.map((job) => {
        const last = job.runs[0];
        return (
          <section key={job.name} className="card stack" aria-labelledby={`job-${job.name}`}>
            <div className="row row-between">
              <h2 className="card-title" id={`job-${job.name}`}>
                {job.name}{" "}
                <span className="muted label-aside">
                  {schedules[job.name] ? `cron ${schedules[job.name]}` : "no longer scheduled"}
                </span>
              </h2>
              {last ? (
                <span
                  className={`badge ${last.status === "ok" ? "badge-ok" : last.status === "failed" ? "badge-danger" : "badge-muted"}`}
                >
                  Last run: {last.status}
                </span>
              ) : (
                <span className="badge badge-muted">Never ran</span>
              )}
            </div>
            {job.runs.length ? (
              <table>
                <caption className="sr-only">Last runs of {job.name}</caption>
                <thead>
                  <tr>
                    <th>Started</th>
                    <th>Status</th>
                    <th className="num">Duration</th>
                    <th>Counts</th>
                    <th>Error</th>
                  </tr>
                </thead>
                <tbody>
                  {job.runs.map((r) => (
                    <tr key={r.id}>
                      <td>{when(r.startedAt)}</td>
                      <td>{r.status}</td>
                      <td className="num">{duration(r.durationMs)}</td>
                      <td className="muted">
                        {r.stats
                          ? Object.entries(r.stats)
                              .map(([k, v]) => `${k}: ${String(v)}`)
                              .join(", ")
                          : "—"}
                      </td>
                      <td className={r.error ? "field-error" : "muted"}>{r.error ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">No runs recorded yet.</p>
            )}
          </section>
        );
      })}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
