import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StudioTabs } from "~/components/studio-tabs";
import { requireUser, STAFF } from "~/domain/guards.server";
import { listPacks } from "~/domain/packs.server";
import { formatDayInZone } from "~/domain/zoned-time.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Packs · Studio · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const packs = await listPacks(context.db);
  // Days in the marketer's zone, formatted here so the page hydrates with the same text (decision 020).
  const day = (d: Date | null) => (d ? formatDayInZone(d, user.timeZone) : null);
  return {
    timeZone: user.timeZone,
    packs: packs.map((p) => ({
      ...p,
      startsAt: day(p.startsAt),
      endsAt: day(p.endsAt),
      updatedAt: p.updatedAt.toISOString(),
    })),
  };
}

export default function StudioPacks() {
  const { packs, timeZone } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Packs</h1>
          <p className="muted">Bundle items for a campaign, aim them at teams, and publish them together.</p>
        </div>
        <Link className="button" to="/studio/packs/new">
          New pack
        </Link>
      </div>
      <StudioTabs />
      {packs.length === 0 ? (
        <p className="card">No packs yet. Create one with “New pack”.</p>
      ) : (
        <table className="card">
          <thead>
            <tr>
              <th scope="col">Pack</th>
              <th scope="col">Status</th>
              <th scope="col">Items</th>
              <th scope="col">Teams</th>
              <th scope="col">Live window ({timeZone})</th>
            </tr>
          </thead>
          <tbody>
            {packs.map((pack) => (
              <tr key={pack.id}>
                <td>
                  <Link to={`/studio/packs/${pack.id}`}>{pack.title}</Link>
                </td>
                <td>
                  <span className={`badge${pack.status === "archived" ? " badge-muted" : ""}`}>{pack.status}</span>
                </td>
                <td>{pack.items}</td>
                <td>{pack.teams.length ? pack.teams.join(", ") : <span className="muted">Everyone</span>}</td>
                <td>{[pack.startsAt ?? "now", pack.endsAt ?? "open-ended"].join(" – ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
