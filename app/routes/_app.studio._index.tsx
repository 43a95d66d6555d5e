import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RevisionDiff } from "~/components/revision-diff";
import { StudioTabs } from "~/components/studio-tabs";
import { CONTENT_STATUSES } from "~/domain/content-statuses";
import { requireUser, STAFF } from "~/domain/guards.server";
import { listPendingRevisions } from "~/domain/revisions.server";
import { listStudioItems } from "~/domain/studio.server";
import { formatDayInZone } from "~/domain/zoned-time.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Studio · Chorus" }];

const querySchema = z.object({ status: z.enum(CONTENT_STATUSES).optional().catch(undefined) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, STAFF);
  const { status } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const items = await listStudioItems(context.db, status);
  // The review queue: changes to approved or published items wait here beside items in review.
  const revisions =
    !status || status === "in_review" || status === "approved" || status === "published"
      ? await listPendingRevisions(context.db)
      : [];
  return {
    status: status ?? null,
    userId: user.id,
    timeZone: user.timeZone,
    items: items.map((i) => ({ ...i, updatedAt: formatDayInZone(i.updatedAt, user.timeZone) })),
    revisions: revisions
      .filter((r) => !status || status === "in_review" || r.itemStatus === status)
      .map((r) => ({
        id: r.id,
        itemId: r.itemId,
        itemTitle: r.itemTitle,
        itemStatus: r.itemStatus,
        authorId: r.authorId,
        authorName: r.authorName,
        updatedAt: r.updatedAt.toISOString(),
        changes: r.changes,
      })),
  };
}

export default function StudioItems() {
  const { status, userId, timeZone, items, revisions } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Studio</h1>
          <p className="muted">
            Build content for reps to share. Items go through review before they reach the library.
          </p>
        </div>
        <Link className="button" to="/studio/items/new">
          New item
        </Link>
      </div>
      <StudioTabs />
      <nav className="tabs" aria-label="Filter by status">
        <Link to="/studio" aria-current={status === null ? "page" : undefined}>
          All
        </Link>
        {CONTENT_STATUSES.map((s) => (
          <Link key={s} to={`/studio?status=${s}`} aria-current={status === s ? "page" : undefined}>
            {s.replace("_", " ")}
          </Link>
        ))}
      </nav>
      {revisions.length ? (
        <section className="stack" aria-label="Changes waiting for review">
          <h2>Changes to live items waiting for review</h2>
          {revisions.map((r) => (
            <article key={r.id} className="card stack">
              <p>
                <Link to={`/studio/items/${r.itemId}`}>{r.itemTitle}</Link>{" "}
                <span className="badge">{r.itemStatus}</span>{" "}
                <span className="muted">pending revision by {r.authorName}</span>
                {r.authorId !== userId ? <span className="badge"> needs your review</span> : null}
              </p>
              <RevisionDiff changes={r.changes} caption={`Changes to ${r.itemTitle}`} />
            </article>
          ))}
        </section>
      ) : null}
      {items.length === 0 ? (
        <p className="card">
          No items {status ? `with status “${status.replace("_", " ")}”` : "yet"}. Create one with “New item”.
        </p>
      ) : (
        <table className="card">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Updated ({timeZone})</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>
                  <Link to={`/studio/items/${item.id}`}>{item.title}</Link>
                  {item.status === "in_review" && item.createdBy !== userId ? (
                    <span className="badge"> needs your review</span>
                  ) : null}
                </td>
                <td>{item.type}</td>
                <td>
                  <span className="badge">{item.status.replace("_", " ")}</span>
                </td>
                <td>{item.updatedAt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
