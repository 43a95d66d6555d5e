import { FilterBar, FilterSelect } from "~/components/report";
import type { AnalyticsFilters } from "~/domain/analytics/filters.server";
import { NETWORK_NAMES, NETWORKS } from "~/domain/networks";

const NETWORK_OPTIONS = NETWORKS.map((n) => ({ value: n, label: NETWORK_NAMES[n] }));

/** The analytics page's title, scope line and filters (a manager's team is fixed, so it has no team filter). */
export function AnalyticsHead({
  filters,
  teams,
}: {
  filters: AnalyticsFilters;
  teams: ReadonlyArray<{ id: string; name: string }>;
}) {
  return (
    <>
      <div className="page-head">
        <div>
          <h1 className="flush">Analytics</h1>
          <p className="muted page-lede">
            {filters.teamLocked
              ? `Your team: ${teams[0]?.name ?? "no team assigned"}`
              : "What the advocacy program moves"}{" "}
            · {filters.from} to {filters.to}
          </p>
        </div>
      </div>
      <FilterBar from={filters.from} to={filters.to} problem={filters.problem}>
        {filters.teamLocked ? null : (
          <FilterSelect
            name="team"
            label="Team"
            value={filters.teamId}
            options={teams.map((t) => ({ value: t.id, label: t.name }))}
            allLabel="All teams"
          />
        )}
        <FilterSelect
          name="network"
          label="Network"
          value={filters.network}
          options={NETWORK_OPTIONS}
          allLabel="All networks"
        />
      </FilterBar>
    </>
  );
}
