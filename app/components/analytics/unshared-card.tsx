import { ReportCard } from "~/components/report";
import type { UnsharedItem } from "~/domain/analytics/program-stats.server";

/** Published items no one in scope shared in the range. */
export function UnsharedCard({
  items,
  exportHref,
}: {
  items: ReadonlyArray<Pick<UnsharedItem, "id" | "title" | "type">>;
  exportHref: string;
}) {
  return (
    <ReportCard
      id="unshared"
      title="Items nobody shared"
      exportHref={exportHref}
      isEmpty={!items.length}
      emptyText="Every published item was shared at least once in this range."
    >
      <ul className="plain-list">
        {items.map((i) => (
          <li key={i.id}>
            <span className="badge badge-muted">{i.type}</span> {i.title}
          </li>
        ))}
      </ul>
    </ReportCard>
  );
}
