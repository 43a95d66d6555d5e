import { Form, useLoaderData } from "@remix-run/react";
import { NetworkOptions } from "~/components/network-options";
import { Pager } from "~/components/pager";
import type { loader } from "~/routes/_app.queue";
import { QueueItem } from "./queue-item";

const STATUS_OPTIONS = [
  ["published", "Published"],
  ["opened", "Opened · unverified"],
  ["cancelled", "Cancelled"],
] as const;

/** The history below the upcoming posts: newest first, a page at a time, filtered by status and network. */
export function QueueHistory({ highlight }: { highlight: string | null }) {
  const { history, page, hasMore, query } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.status ?? query.network);
  const pageLink = (p: number) => {
    const params = new URLSearchParams();
    if (query.status) params.set("status", query.status);
    if (query.network) params.set("network", query.network);
    if (p > 1) params.set("page", String(p));
    const search = params.toString();
    return search ? `?${search}` : "?";
  };
  return (
    <section aria-labelledby="history-heading" className="stack">
      <h2 id="history-heading">History</h2>
      <HistoryFilters status={query.status} network={query.network} />
      {history.length === 0 ? (
        <p className="card">{filtered ? "No shares match these filters." : "No past shares yet."}</p>
      ) : (
        <ul className="stack list-unstyled" aria-label="Past shares">
          {history.map((s) => (
            <QueueItem key={s.id} share={s} highlighted={s.id === highlight} />
          ))}
        </ul>
      )}
      <Pager
        label="History pages"
        page={page}
        hasMore={hasMore}
        pageLink={pageLink}
        previous="← Newer"
        next="Older →"
      />
    </section>
  );
}

function HistoryFilters({ status, network }: { status?: string; network?: string }) {
  return (
    <Form method="get" className="row row-end" aria-label="Filter history" key={`${status}-${network}`}>
      <div className="field">
        <label htmlFor="history-status">Status</label>
        <select id="history-status" name="status" defaultValue={status ?? ""}>
          <option value="">All statuses</option>
          {STATUS_OPTIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="history-network">Network</label>
        <select id="history-network" name="network" defaultValue={network ?? ""}>
          <NetworkOptions anyLabel="All networks" />
        </select>
      </div>
      <button type="submit" className="button-small">
        Filter
      </button>
    </Form>
  );
}
